/**
 * Every bound of the engine, in one place. Inputs beyond these are cut, never an error.
 */

/** Characters of one URL, header value, body or text line that are scanned. */
export const MAX_INPUT_CHARS = 65_536;
/** Characters of one parameter value (or decoded layer) that are scanned. */
export const MAX_VALUE_CHARS = 8_192;
/** Rounds of percent-decoding applied to one value (double encoding needs 2). */
export const MAX_PERCENT_DECODE_ROUNDS = 3;
/** Layers of nesting followed inside one value: URL in a parameter, base64, JSON, form-encoded. */
export const MAX_NEST_DEPTH = 4;
/** Decoded values examined per request or per line, all layers together. */
export const MAX_PIECES = 512;
/**
 * Characters the rules and decoders read per request or per line, every layer of every value
 * together (a value decoded three times counts four times). Past it the scan stops and says so.
 */
export const MAX_WORK_CHARS = 131_072;
/** Rule matches kept per request or per line; past them the scan stops and says so. */
export const MAX_HITS = 256;
/** Parameters (query, fragment, form fields) read from one URL or body. */
export const MAX_PARAMS = 256;
/** Path segments read from one URL. */
export const MAX_PATH_SEGMENTS = 64;
/** Characters of a value that is parsed as JSON. */
export const MAX_JSON_CHARS = 65_536;
/** Nodes walked in one parsed JSON value. */
export const MAX_JSON_NODES = 1_000;
/** Shortest value tried as base64 (an access token encodes to more than 100). */
export const MIN_BASE64_CHARS = 16;
/** Headers examined per request. */
export const MAX_HEADERS = 128;
/** Findings returned per request or per line. */
export const MAX_FINDINGS = 32;
/** Characters of the masked URL (or text) kept in a finding. */
export const MAX_REPORTED_URL_CHARS = 2_048;
/** Characters of a parameter name kept in a finding. */
export const MAX_PARAM_CHARS = 128;
/** Longest value accepted as a generic bearer token. */
export const MAX_BEARER_CHARS = 4_096;
/** Length of a fingerprint in hex characters (64 bits of SHA-256). */
export const FINGERPRINT_HEX_CHARS = 16;
