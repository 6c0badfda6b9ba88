// Types of shared.mjs, for the TypeScript tests that import it (test/server/*.test.ts).
export declare const SHARED_SUBDIRS: readonly string[];
export declare const SEED_PAGE: string;
export declare function sharedDir(): string;
export declare function sharedFile(relative: string): string | null;
export declare function readShared(relative: string): string;
