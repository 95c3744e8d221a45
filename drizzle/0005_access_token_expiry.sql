ALTER TABLE "access_tokens" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
-- Tokens made before expiry existed get the default from the upgrade on, rather than living forever.
UPDATE "access_tokens" SET "expires_at" = now() + interval '90 days' WHERE "revoked_at" IS NULL;
