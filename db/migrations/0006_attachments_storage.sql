ALTER TABLE "attachments" ADD COLUMN "resource_type" text DEFAULT 'file' NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "storage" text DEFAULT 'received' NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "storage_key" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "sha256" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "content_type" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "stored_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "storage_note" text;