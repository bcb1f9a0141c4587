// Entry of dist/dumpParser.js (see ./index.ts): the dump parser, loaded the first time a dump is opened or analyzed.
export { parseDumpText } from '../core/dump/parse';
export { parseDumpFile } from '../core/dump/file';
export { layDumpOut } from '../core/document/dumpDocument';
