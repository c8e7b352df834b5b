CREATE TABLE "approval_routes" (
	"project_id" integer PRIMARY KEY NOT NULL,
	"plan" jsonb NOT NULL,
	"state" jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"step_started_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"project_id" integer NOT NULL,
	"round" integer NOT NULL,
	"step_index" integer NOT NULL,
	"office_id" integer NOT NULL,
	"assignee" text NOT NULL,
	"on_behalf_of" text,
	"note" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"card_uuid" text,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "delegations" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"principal" text NOT NULL,
	"deputy" text NOT NULL,
	"project_id" integer,
	"round" integer,
	"step_index" integer,
	"office_id" integer,
	"from" timestamp with time zone NOT NULL,
	"until" timestamp with time zone,
	"note" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "approval_tasks_token_uq" ON "approval_tasks" USING btree ("token");--> statement-breakpoint
CREATE INDEX "approval_tasks_project_idx" ON "approval_tasks" USING btree ("project_id","round","step_index");--> statement-breakpoint
CREATE INDEX "approval_tasks_pending_idx" ON "approval_tasks" USING btree ("created_at") WHERE "approval_tasks"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "delegations_principal_idx" ON "delegations" USING btree ("principal");--> statement-breakpoint
CREATE INDEX "delegations_project_idx" ON "delegations" USING btree ("project_id");