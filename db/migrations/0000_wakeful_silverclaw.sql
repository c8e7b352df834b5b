CREATE TABLE "inbound_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"message_id" text,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uuid" text NOT NULL,
	"dedupe_key" text,
	"kind" text NOT NULL,
	"target" text NOT NULL,
	"target_type" text NOT NULL,
	"msg_type" text,
	"content" text NOT NULL,
	"queue_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"lark_message_id" text,
	"on_sent" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "admins" (
	"open_id" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"open_id" text NOT NULL,
	"org_type" text NOT NULL,
	"org_id" integer NOT NULL,
	"position" text NOT NULL,
	CONSTRAINT "memberships_open_id_org_type_org_id_position_pk" PRIMARY KEY("open_id","org_type","org_id","position")
);
--> statement-breakpoint
CREATE TABLE "offices" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"leaders" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"id" text PRIMARY KEY NOT NULL,
	"policy" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"name" text NOT NULL,
	"chat_id" text
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer,
	"draft_id" integer,
	"material_id" text,
	"file_key" text NOT NULL,
	"file_name" text NOT NULL,
	"file_size" bigint,
	"sender_open_id" text NOT NULL,
	"chat_id" text NOT NULL,
	"message_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" integer,
	"actor_open_id" text NOT NULL,
	"on_behalf_of" text,
	"action" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"message_id" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drafts" (
	"id" serial PRIMARY KEY NOT NULL,
	"owner_open_id" text NOT NULL,
	"region_id" text NOT NULL,
	"unit_id" integer NOT NULL,
	"kind" text,
	"step" integer DEFAULT 0 NOT NULL,
	"values" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"errors" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"project_id" integer,
	"status" text DEFAULT 'open' NOT NULL,
	"card_uuid" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_counters" (
	"prefix" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "project_counters_prefix_year_pk" PRIMARY KEY("prefix","year")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"region_id" text NOT NULL,
	"policy" text NOT NULL,
	"unit_id" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"investment_yuan" bigint DEFAULT 0 NOT NULL,
	"fields" jsonb NOT NULL,
	"facts" jsonb NOT NULL,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text NOT NULL,
	"stage" text,
	"created_by" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"approved_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "offices" ADD CONSTRAINT "offices_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_events_message_id_uq" ON "inbound_events" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "inbound_events_pending_idx" ON "inbound_events" USING btree ("received_at") WHERE "inbound_events"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_uuid_uq" ON "outbox" USING btree ("uuid");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_key_uq" ON "outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("next_attempt_at","id") WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "memberships_org_idx" ON "memberships" USING btree ("org_type","org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "offices_region_name_uq" ON "offices" USING btree ("region_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "units_region_name_uq" ON "units" USING btree ("region_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "attachments_message_uq" ON "attachments" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "attachments_project_idx" ON "attachments" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "attachments_sender_idx" ON "attachments" USING btree ("sender_open_id");--> statement-breakpoint
CREATE INDEX "audit_log_project_idx" ON "audit_log" USING btree ("project_id","at");--> statement-breakpoint
CREATE INDEX "drafts_owner_idx" ON "drafts" USING btree ("owner_open_id") WHERE "drafts"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "projects_number_uq" ON "projects" USING btree ("number");--> statement-breakpoint
CREATE INDEX "projects_unit_idx" ON "projects" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "projects_region_status_idx" ON "projects" USING btree ("region_id","status");