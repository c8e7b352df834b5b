/** The HTML document around every page the server renders (console and sandbox): doctype, charset, phone viewport, one stylesheet. */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

export function HtmlDocument(props: { title: string; style: string; children: Child }) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{props.title}</title>
          <style>{raw(props.style)}</style>
        </head>
        <body>{props.children}</body>
      </html>
    </>
  );
}
