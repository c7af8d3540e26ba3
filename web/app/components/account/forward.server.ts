/**
 * Headers that carry who is really asking to the API: its audit log records the client's address and its per-address
 * limits count by it (the API trusts X-Forwarded-For from this server); the user agent names the device in "my sessions".
 */
export function forwardHeaders(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  const forwarded = request.headers.get('x-forwarded-for');
  if (forwarded) headers['x-forwarded-for'] = forwarded;
  const agent = request.headers.get('user-agent');
  if (agent) headers['user-agent'] = agent;
  return headers;
}
