/**
 * The did:web of a public origin: `https://bimtek.example.go.id` → `did:web:bimtek.example.go.id`,
 * `http://localhost:3000` → `did:web:localhost%3A3000` (the port's colon percent-encoded, as did:web requires).
 */
export function didWebOf(publicUrl: string): string {
  const url = new URL(publicUrl);
  if (url.pathname !== '/' && url.pathname !== '') throw new Error('PUBLIC_URL must be an origin without a path.');
  return `did:web:${url.host.replace(':', '%3A')}`;
}
