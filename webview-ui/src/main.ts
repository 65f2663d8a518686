// Side panel front end entry.
export {};
