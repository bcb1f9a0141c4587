// Entry of dist/fetch.js (see ./index.ts): fetching a dump over HTTP (undici) and the streaming parser it feeds, loaded on the first fetch.
export { parseDump } from '../core/dump/parse';
export { fetchDump, formatBytes } from '../core/fetch/fetch';
