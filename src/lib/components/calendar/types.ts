// Optional fields are content: absent for a guest who is not of the cycle's pair.
export interface CalendarActivityView {
	id: string;
	cycleId: string;
	cycleTitle?: string;
	/** Whether the person may open the cycle (a guest at a demonstration lesson may not). */
	canOpenCycle: boolean;
	typeLabel: string;
	title?: string;
	startsAt: string;
	endsAt: string;
	location?: string;
	cancelled: boolean;
}

export interface CalendarDayView {
	/** 'YYYY-MM-DD' in the workspace's time zone. */
	date: string;
	activities: CalendarActivityView[];
}
