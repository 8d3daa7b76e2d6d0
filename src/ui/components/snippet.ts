/**
 * The fix as code for a credential leaked in a URL: the same request, made from a backend, with
 * the credential moved to the Authorization header and every other query parameter kept.
 * Works on the finding's displayed URL, which is already masked: no secret can reach a snippet.
 */
export interface SnippetRequest {
  /** The request URL without the credential (other parameters kept, in their order). */
  url: string;
  method: string;
}

export function snippetRequest(displayedUrl: string, location: string, param: string | null, method: string): SnippetRequest | null {
  let u: URL;
  try {
    u = new URL(displayedUrl);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  if (location === 'fragment') u.hash = '';
  else if (param && u.searchParams.has(param)) {
    // Rebuild the query by hand so the other parameters keep their exact spelling and order.
    const kept = u.search
      .slice(1)
      .split('&')
      .filter((pair) => pair !== '' && safeDecode(pair.split('=')[0]!.replace(/\+/g, ' ')) !== param);
    u.search = kept.length ? `?${kept.join('&')}` : '';
  }
  if (location !== 'fragment') u.hash = '';
  return { url: u.toString(), method: method.toUpperCase() || 'GET' };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function jsString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function fetchSnippet(r: SnippetRequest, comment: string): string {
  const method = r.method === 'GET' ? '' : `\n  method: '${r.method}',`;
  return `// ${comment}\nconst res = await fetch(${jsString(r.url)}, {${method}\n  headers: { Authorization: \`Bearer \${process.env.MP_ACCESS_TOKEN}\` },\n});`;
}

export function axiosSnippet(r: SnippetRequest, comment: string): string {
  const verb = ['GET', 'DELETE', 'HEAD'].includes(r.method) ? r.method.toLowerCase() : null;
  const call = verb ? `axios.${verb}(${jsString(r.url)}, {` : `axios.request({\n  url: ${jsString(r.url)},\n  method: '${r.method}',`;
  return `// ${comment}\nconst { data } = await ${call}\n  headers: { Authorization: \`Bearer \${process.env.MP_ACCESS_TOKEN}\` },\n});`;
}
