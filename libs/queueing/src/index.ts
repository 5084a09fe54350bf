// The public door of @tuki/queueing: contacts waiting, their states, position and estimated wait.
export * from './contact-state';
