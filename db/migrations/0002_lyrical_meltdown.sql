CREATE TABLE "change_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"approved_yuan" bigint NOT NULL,
	"adjusted_yuan" bigint NOT NULL,
	"ratio" text NOT NULL,
	"mode" text NOT NULL,
	"state" text NOT NULL,
	"check_id" text,
	"article" integer,
	"requested_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deadlines" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer,
	"region_id" text NOT NULL,
	"unit_id" integer,
	"key" text NOT NULL,
	"limit_id" text NOT NULL,
	"obligation" text NOT NULL,
	"type" text NOT NULL,
	"trigger_kind" text NOT NULL,
	"from" date NOT NULL,
	"due" date NOT NULL,
	"until" date,
	"extended_to" date,
	"provisional" boolean DEFAULT false NOT NULL,
	"article" integer NOT NULL,
	"quote" text NOT NULL,
	"responsible" text NOT NULL,
	"extension_article" integer,
	"year" integer,
	"state" text DEFAULT 'open' NOT NULL,
	"done_on" date,
	"done_by" text,
	"next_reminder_on" date,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "extension_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"deadline_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"requested_by" text NOT NULL,
	"requested_until" date NOT NULL,
	"reason" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"event" text NOT NULL,
	"date" date NOT NULL,
	"reported_by" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"message_id" text
);
--> statement-breakpoint
CREATE TABLE "rectifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"issued_by" text NOT NULL,
	"state" text NOT NULL,
	"deadline" date NOT NULL,
	"rung" integer NOT NULL,
	"proposed_rung" integer,
	"data" jsonb NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminders_sent" (
	"key" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"deadline_id" integer,
	"superseded" boolean DEFAULT false NOT NULL,
	"date" date,
	"recipients" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qa_answers" (
	"id" serial PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"asker_open_id" text NOT NULL,
	"question" text NOT NULL,
	"pack_id" text,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"citations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"asked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qa_feedback" (
	"id" serial PRIMARY KEY NOT NULL,
	"answer_id" integer NOT NULL,
	"voter_open_id" text NOT NULL,
	"vote" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "change_requests_project_idx" ON "change_requests" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deadlines_project_key_uq" ON "deadlines" USING btree ("project_id","key") WHERE "deadlines"."project_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "deadlines_region_key_uq" ON "deadlines" USING btree ("region_id","key") WHERE "deadlines"."project_id" is null;--> statement-breakpoint
CREATE INDEX "deadlines_sweep_idx" ON "deadlines" USING btree ("next_reminder_on","id") WHERE "deadlines"."state" = 'open' and "deadlines"."next_reminder_on" is not null;--> statement-breakpoint
CREATE INDEX "deadlines_unit_open_idx" ON "deadlines" USING btree ("unit_id","due") WHERE "deadlines"."state" = 'open';--> statement-breakpoint
CREATE INDEX "deadlines_quarterly_idx" ON "deadlines" USING btree ("project_id","due") WHERE "deadlines"."trigger_kind" = 'quarterly';--> statement-breakpoint
CREATE INDEX "extension_requests_deadline_idx" ON "extension_requests" USING btree ("deadline_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_events_project_event_uq" ON "project_events" USING btree ("project_id","event");--> statement-breakpoint
CREATE INDEX "rectifications_project_idx" ON "rectifications" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "rectifications_open_idx" ON "rectifications" USING btree ("deadline") WHERE "rectifications"."state" in ('issued', 'returned', 'refused');--> statement-breakpoint
CREATE INDEX "reminders_sent_deadline_idx" ON "reminders_sent" USING btree ("deadline_id");--> statement-breakpoint
CREATE UNIQUE INDEX "qa_answers_token_uq" ON "qa_answers" USING btree ("token");--> statement-breakpoint
CREATE INDEX "qa_answers_asked_idx" ON "qa_answers" USING btree ("asked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "qa_feedback_answer_voter_uq" ON "qa_feedback" USING btree ("answer_id","voter_open_id");