import type { PageServerLoad } from './$types';

// Shown once the workspace is gone (and, often, the admin's account with it): it echoes the receipt number
// from the address and reads nothing, so it tells nobody anything they did not bring.
export const load: PageServerLoad = ({ url }) => {
	const receipt = url.searchParams.get('receipt') ?? '';
	return { receipt: /^[0-9a-f-]{36}$/.test(receipt) ? receipt : null };
};
