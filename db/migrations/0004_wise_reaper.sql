CREATE TABLE "change_approval_routes" (
	"change_request_id" integer PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"plan" jsonb NOT NULL,
	"state" jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"step_started_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "approval_tasks_project_idx";--> statement-breakpoint
ALTER TABLE "approval_tasks" ADD COLUMN "subject" text DEFAULT 'declaration' NOT NULL;--> statement-breakpoint
ALTER TABLE "delegations" ADD COLUMN "subject" text DEFAULT 'declaration' NOT NULL;--> statement-breakpoint
ALTER TABLE "change_requests" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "change_requests" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "change_approval_routes_project_idx" ON "change_approval_routes" USING btree ("project_id");--> statement-breakpoint
-- Changes recorded as pending_approval before change routes existed have no route and never will:
-- they are closed as returned (the unit may declare them again), so at most one waits per project.
UPDATE "change_requests" SET "state" = 'returned', "decided_at" = now() WHERE "state" = 'pending_approval';--> statement-breakpoint
CREATE UNIQUE INDEX "change_requests_pending_uq" ON "change_requests" USING btree ("project_id") WHERE "change_requests"."state" = 'pending_approval';--> statement-breakpoint
CREATE INDEX "approval_tasks_project_idx" ON "approval_tasks" USING btree ("project_id","subject","round","step_index");