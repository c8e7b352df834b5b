ALTER TABLE "attachments" ADD COLUMN "resource_type" text DEFAULT 'file' NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "storage" text DEFAULT 'received' NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "storage_key" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "sha256" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "content_type" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "stored_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "storage_note" text;--> statement-breakpoint
-- Files filed before materials were kept: queue their download now, while their messages may still be there.
UPDATE "attachments" SET "storage" = 'fetching' WHERE "storage" = 'received' AND "material_id" IS NOT NULL AND ("project_id" IS NOT NULL OR "draft_id" IS NOT NULL);--> statement-breakpoint
INSERT INTO "outbox" ("uuid", "dedupe_key", "queue_key", "kind", "target", "target_type", "msg_type", "content")
SELECT gen_random_uuid()::text, 'material-fetch:' || "id", 'fetch:' || "message_id", 'fetch', "message_id", 'message_id', "resource_type", json_build_object('fileKey', "file_key", 'attachmentId', "id")::text
FROM "attachments" WHERE "storage" = 'fetching'
ON CONFLICT ("dedupe_key") DO NOTHING;
