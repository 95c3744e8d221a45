ALTER TABLE "audit_log" ADD COLUMN "plc_id" text;--> statement-breakpoint
ALTER TABLE "plc_members" ADD COLUMN "added_by" text;--> statement-breakpoint
ALTER TABLE "plc_members" ADD COLUMN "added_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "plc_members" ADD CONSTRAINT "plc_members_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_plc_idx" ON "audit_log" USING btree ("plc_id","at");