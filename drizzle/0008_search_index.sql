CREATE TABLE "document_search" (
	"document_id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')) STORED NOT NULL,
	"derived_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "document_search" ADD CONSTRAINT "document_search_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_search_vector_idx" ON "document_search" USING gin ("vector");--> statement-breakpoint
CREATE INDEX "cycles_search_idx" ON "coaching_cycles" USING gin (to_tsvector('english', "title" || ' ' || "focus"));--> statement-breakpoint
-- Every document already written gets its row with its title; its text is derived at its next store.
INSERT INTO "document_search" ("document_id", "title") SELECT "id", "title" FROM "documents";
