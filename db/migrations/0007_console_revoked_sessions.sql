CREATE TABLE "console_revoked_sessions" (
	"session_id" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "console_revoked_sessions_expires_idx" ON "console_revoked_sessions" USING btree ("expires_at");