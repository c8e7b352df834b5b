CREATE TABLE "people" (
	"open_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
