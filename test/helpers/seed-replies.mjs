// Seeds replies straight into a reference-server store, for the browser tests' servers
// (test/reply-server.mjs, test/ssr-server.mjs). `parent` is an index into the same list.
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/** Posts each spec as a reply to `article`; returns the stored ids in order. */
export async function seedReplies(store, article, specs = []) {
  const ids = [];
  for (const [i, r] of specs.entries()) {
    const outcome = await store.post({
      reply: {
        article,
        parent: r.parent === undefined || r.parent === null ? null : ids[r.parent],
        name: r.name ?? `Reader ${i}`,
        email: r.email ?? `reader${i}@example.com`,
        website: r.website ?? null,
        comment: r.comment ?? `Comment ${i}`,
        status: r.status ?? 'published',
        ipHash: 'seed',
      },
      rateLimitMs: 0,
      respond: (reply) => ({ status: 201, body: reply }),
    });
    if (outcome.kind !== 'created') throw new Error(`seeding reply ${i} failed: ${outcome.kind}`);
    ids.push(outcome.body.id);
    // Distinct timestamps, so "oldest first" and "newest first" are well defined.
    await wait(3);
  }
  return ids;
}
