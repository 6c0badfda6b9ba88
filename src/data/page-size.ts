/**
 * Replies per page: `<reply-list>`'s default, the page the reference server renders into an article,
 * and the page a server-rendered article fetches again to hydrate that list with the same replies.
 * In a module of its own so the elements can read it without loading the replies client.
 */
export const REPLIES_PAGE_SIZE = 50;
