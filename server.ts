/**
 * The production entry: `npm run build` compiles it to dist/server.js, which `npm start` runs
 * (scripts/start.mjs); `node dist/server.js` runs the same. The server itself is src/server.ts.
 */
import { main } from './src/server.js';

main();
