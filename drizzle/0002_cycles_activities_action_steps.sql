CREATE TABLE "action_steps" (
	"document_id" text NOT NULL,
	"step_id" text NOT NULL,
	"workspace_id" text NOT NULL,
	"cycle_id" text,
	"plc_id" text,
	"text" text NOT NULL,
	"owner_id" text,
	"due" date,
	"done" boolean DEFAULT false NOT NULL,
	"position" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_steps_document_id_step_id_pk" PRIMARY KEY("document_id","step_id")
);
--> statement-breakpoint
CREATE TABLE "activities" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"cycle_id" text NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"notes_document_id" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"sequence" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_documents" (
	"activity_id" text NOT NULL,
	"document_id" text NOT NULL,
	CONSTRAINT "activity_documents_activity_id_document_id_pk" PRIMARY KEY("activity_id","document_id")
);
--> statement-breakpoint
CREATE TABLE "activity_participants" (
	"activity_id" text NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "activity_participants_activity_id_user_id_pk" PRIMARY KEY("activity_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"user_id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_feeds_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "coaching_feedback" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"coach_id" text NOT NULL,
	"ratings" jsonb NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"month" text NOT NULL,
	"respondent_key" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cycle_stage_events" (
	"id" text PRIMARY KEY NOT NULL,
	"cycle_id" text NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"actor_id" text,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_progress" (
	"document_id" text PRIMARY KEY NOT NULL,
	"cycle_id" text,
	"statement" text DEFAULT '' NOT NULL,
	"metric" text DEFAULT '' NOT NULL,
	"baseline" double precision,
	"target" double precision,
	"due" date,
	"measurements" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "coaching_cycles" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "coaching_cycles" ADD COLUMN "requested_by" text;--> statement-breakpoint
ALTER TABLE "coaching_cycles" ADD COLUMN "start_date" date;--> statement-breakpoint
ALTER TABLE "coaching_cycles" ADD COLUMN "target_date" date;--> statement-breakpoint
ALTER TABLE "coaching_cycles" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "coaching_cycles" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "coaching_cycles" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "coaching_cycles" ADD COLUMN "feedback_given_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "coaching_cycles" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "template" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "audience" text DEFAULT 'cycle' NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "revealed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "companion_of" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "source_document_id" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "action_steps" ADD CONSTRAINT "action_steps_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_steps" ADD CONSTRAINT "action_steps_cycle_id_coaching_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."coaching_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_steps" ADD CONSTRAINT "action_steps_plc_id_plc_groups_id_fk" FOREIGN KEY ("plc_id") REFERENCES "public"."plc_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_cycle_id_coaching_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."coaching_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_notes_document_id_documents_id_fk" FOREIGN KEY ("notes_document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_documents" ADD CONSTRAINT "activity_documents_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_documents" ADD CONSTRAINT "activity_documents_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_participants" ADD CONSTRAINT "activity_participants_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_participants" ADD CONSTRAINT "activity_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_feedback" ADD CONSTRAINT "coaching_feedback_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_feedback" ADD CONSTRAINT "coaching_feedback_coach_id_users_id_fk" FOREIGN KEY ("coach_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_stage_events" ADD CONSTRAINT "cycle_stage_events_cycle_id_coaching_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."coaching_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_stage_events" ADD CONSTRAINT "cycle_stage_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_progress" ADD CONSTRAINT "goal_progress_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_progress" ADD CONSTRAINT "goal_progress_cycle_id_coaching_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."coaching_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_steps_cycle_idx" ON "action_steps" USING btree ("cycle_id");--> statement-breakpoint
CREATE INDEX "action_steps_owner_idx" ON "action_steps" USING btree ("owner_id","due");--> statement-breakpoint
CREATE INDEX "activities_cycle_idx" ON "activities" USING btree ("cycle_id","starts_at");--> statement-breakpoint
CREATE INDEX "activities_workspace_idx" ON "activities" USING btree ("workspace_id","starts_at");--> statement-breakpoint
CREATE INDEX "activity_participants_user_idx" ON "activity_participants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "coaching_feedback_coach_idx" ON "coaching_feedback" USING btree ("workspace_id","coach_id");--> statement-breakpoint
CREATE INDEX "cycle_stage_events_cycle_idx" ON "cycle_stage_events" USING btree ("cycle_id","at");--> statement-breakpoint
CREATE INDEX "goal_progress_cycle_idx" ON "goal_progress" USING btree ("cycle_id");--> statement-breakpoint
ALTER TABLE "coaching_cycles" ADD CONSTRAINT "coaching_cycles_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cycles_coach_idx" ON "coaching_cycles" USING btree ("coach_id");--> statement-breakpoint
CREATE INDEX "cycles_teacher_idx" ON "coaching_cycles" USING btree ("teacher_id");