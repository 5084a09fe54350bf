import { EventQueue } from './event-queue';

describe('EventQueue', () => {
  it('gives events soonest first, and events of one instant in the order they were scheduled', () => {
    const queue = new EventQueue<string>();
    const times = [5, 1, 9, 1, 3, 7, 3, 0, 9, 2];
    times.forEach((at, i) => queue.schedule(at, `${at}:${i}`));
    const out: string[] = [];
    for (let e = queue.next(); e; e = queue.next()) out.push(e.event);
    expect(out).toEqual(['0:7', '1:1', '1:3', '2:9', '3:4', '3:6', '5:0', '7:5', '9:2', '9:8']);
    expect(queue.size).toBe(0);
  });
});
