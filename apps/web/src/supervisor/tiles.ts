import type { MetricWindowName, SupervisorSnapshot } from '@tuki/contracts';
import { make } from '../shared/dom';
import { formatDuration, formatPercent, formatRate, formatTarget, secondsSince } from './format';
import { setAttribute, setText } from './keyed-rows';
import {
  ABANDONMENT_LIMIT,
  STATUS_WORDS,
  abandonmentStatus,
  occupancyStatus,
  overdueStatus,
  serviceLevelStatus,
  strictestTarget,
  surgeStatus,
  waitStatus,
  type Status,
  type Target,
} from './thresholds';

/*
 * The headline tiles. Every tile says which window its figure covers ("now", "rolling 15 min", "today"), because
 * a rate over today and one over the last quarter hour can tell opposite stories during a surge.
 */

export const WINDOW_WORDS: Record<MetricWindowName, string> = { rolling15: 'rolling 15 min', today: 'today' };

interface TileContext {
  snapshot: SupervisorSnapshot;
  window: MetricWindowName;
  serverNow: number;
  target: Target;
}

interface TileFigure {
  value: string;
  /** The figure as a number for tests and tools (seconds, counts, shares); empty when there is none. */
  raw: string;
  caption: string;
  status: Status;
}

interface TileDefinition {
  id: string;
  label: string;
  figure: (context: TileContext) => TileFigure;
}

/** The usual rate per hour (a quiet line's is a fraction of a caller a minute), or no figure when it rounds to 0. */
function usualRate(perMinute: number): string {
  const perHour = formatRate(perMinute * 60);
  return perHour === '0' ? 'the usual rate' : `the usual ${perHour} an hour`;
}

const raw = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));

const TILES: readonly TileDefinition[] = [
  {
    id: 'waiting',
    label: 'Callers waiting',
    figure: ({ snapshot }) => ({
      value: String(snapshot.overall.waiting),
      raw: String(snapshot.overall.waiting),
      caption: 'now, on the line and in chat',
      status: 'none',
    }),
  },
  {
    id: 'longest-wait',
    label: 'Longest wait',
    figure: ({ snapshot, serverNow, target }) => {
      const seconds = secondsSince(snapshot.overall.oldestWaitingSince, serverNow);
      return {
        value: seconds === null ? 'nobody waiting' : formatDuration(seconds),
        raw: seconds === null ? '' : String(Math.floor(seconds)),
        caption: `now · target ${target.answerSeconds} s`,
        status: seconds === null ? 'ok' : waitStatus(seconds, target),
      };
    },
  },
  {
    id: 'asa',
    label: 'Average speed of answer',
    figure: ({ snapshot, window, target }) => {
      const asa = snapshot.overall.windows[window].asaSeconds;
      return {
        value: formatDuration(asa),
        raw: raw(asa),
        caption: `${WINDOW_WORDS[window]} · target ${target.answerSeconds} s`,
        status: waitStatus(asa, target),
      };
    },
  },
  {
    id: 'service-level',
    label: 'Service level (answered)',
    figure: ({ snapshot, window, target }) => {
      const share = snapshot.overall.windows[window].serviceLevel.answeredOnly;
      return {
        value: formatPercent(share),
        raw: raw(share),
        caption: `${WINDOW_WORDS[window]} · answered only · target ${formatTarget(target)}`,
        status: serviceLevelStatus(share, target),
      };
    },
  },
  {
    id: 'service-level-abandons',
    label: 'Service level (with abandons)',
    figure: ({ snapshot, window, target }) => {
      const share = snapshot.overall.windows[window].serviceLevel.withAbandons;
      return {
        value: formatPercent(share),
        raw: raw(share),
        caption: `${WINDOW_WORDS[window]} · abandons count · target ${formatTarget(target)}`,
        status: serviceLevelStatus(share, target),
      };
    },
  },
  {
    id: 'abandonment',
    label: 'Abandonment rate',
    figure: ({ snapshot, window }) => {
      const figures = snapshot.overall.windows[window];
      return {
        value: formatPercent(figures.abandonmentRate, 1),
        raw: raw(figures.abandonmentRate),
        caption: `${WINDOW_WORDS[window]} · limit ${ABANDONMENT_LIMIT * 100} % · ${figures.shortAbandons} short not counted`,
        status: abandonmentStatus(figures.abandonmentRate),
      };
    },
  },
  {
    id: 'callbacks-overdue',
    label: 'Callbacks overdue',
    figure: ({ snapshot }) => {
      const { pending, due, overdue } = snapshot.overall.callbacks;
      return {
        value: String(overdue),
        raw: String(overdue),
        caption: `now · ${pending} pending, ${due} due`,
        status: overdueStatus(overdue),
      };
    },
  },
  {
    id: 'agents',
    label: 'Agents available / busy',
    figure: ({ snapshot }) => {
      const agents = snapshot.overall.agents;
      return {
        value: agents ? `${agents.available} / ${agents.busy}` : '—',
        raw: agents ? `${agents.available}/${agents.busy}` : '',
        caption: agents ? `now · ${agents.wrapUp} in wrap-up, ${agents.away} away` : 'now',
        status: 'none',
      };
    },
  },
  {
    id: 'occupancy',
    label: 'Occupancy',
    figure: ({ snapshot }) => {
      const occupancy = snapshot.overall.agents?.occupancy ?? null;
      return {
        value: formatPercent(occupancy),
        raw: raw(occupancy),
        caption: 'now · busy and wrap-up of agents present',
        status: occupancyStatus(occupancy),
      };
    },
  },
  {
    id: 'arrivals',
    label: 'Arrivals per minute',
    figure: ({ snapshot }) => {
      const rate = snapshot.overall.arrivalsPerMinute;
      return {
        value: formatRate(rate.last5),
        raw: String(rate.last5),
        caption: `last 5 min · last 1 min: ${formatRate(rate.last1)} · last 15 min: ${formatRate(rate.last15)}`,
        status: 'none',
      };
    },
  },
  {
    id: 'surge',
    label: 'Surge level',
    figure: ({ snapshot }) => {
      const surge = snapshot.overall.surge;
      return {
        value: surge ? surge.level : '—',
        raw: surge?.level ?? '',
        caption: surge ? `now · ${formatRate(surge.ratio)}× ${usualRate(surge.baselinePerMinute)}` : 'now',
        status: surgeStatus(surge?.level),
      };
    },
  },
];

interface TileNodes {
  root: HTMLElement;
  value: HTMLElement;
  caption: HTMLElement;
  status: HTMLElement;
}

export class Tiles {
  private readonly nodes = new Map<string, TileNodes>();

  constructor(container: HTMLElement) {
    for (const tile of TILES) {
      const root = make('article', undefined, {
        class: 'tile',
        id: `tile-${tile.id}`,
        'aria-labelledby': `tile-${tile.id}-label`,
      });
      const value = make('p', '—', { class: 'tile-value' });
      const caption = make('p', '', { class: 'tile-caption' });
      const status = make('p', '', { class: 'tile-status' });
      root.append(make('h3', tile.label, { class: 'tile-label', id: `tile-${tile.id}-label` }), value, caption, status);
      container.append(root);
      this.nodes.set(tile.id, { root, value, caption, status });
    }
  }

  render(snapshot: SupervisorSnapshot, window: MetricWindowName, serverNow: number): void {
    const context: TileContext = { snapshot, window, serverNow, target: strictestTarget(snapshot.queues) };
    for (const tile of TILES) {
      const nodes = this.nodes.get(tile.id)!;
      const figure = tile.figure(context);
      setText(nodes.value, figure.value);
      setAttribute(nodes.value, 'data-value', figure.raw);
      setText(nodes.caption, figure.caption);
      setText(nodes.status, figure.status === 'none' ? '' : STATUS_WORDS[figure.status]);
      setAttribute(nodes.root, 'data-status', figure.status);
    }
  }
}
