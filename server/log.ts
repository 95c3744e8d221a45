// One structured logger for the process (JSON lines via pino).
import pino from 'pino';

export function createLogger(): (message: string, fields?: Record<string, unknown>) => void {
	const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'tandem' } });
	return (message, fields) => logger.info(fields ?? {}, message);
}
