import { element, make, show } from '../shared/dom';
import type { AgentMe, Desk } from './desk';
import { formatDuration } from '../shared/format-duration';
import { codeName, t } from './texts';

/** How often the desk asks for the agent's state: it changes on the server too (wrap-up ends, missed offers). */
const REFRESH_MS = 4000;
const AWAY_REASONS = ['break', 'training', 'admin-work', 'other'] as const;

/**
 * The shift controls: start (which also lets the browser play the offer sound), away with a reason, end; the
 * agent's state, skills and languages; and the wrap-up timer, counted to the server's end of wrap-up (with the care
 * pause after a high-risk contact).
 */
export class ShiftPanel {
  private audio: AudioContext | undefined;
  private refresher: ReturnType<typeof setInterval> | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private lastRefresh = 0;

  constructor(
    private readonly desk: Desk,
    private readonly onChange: (me: AgentMe, before: AgentMe | undefined) => void,
  ) {
    const reasons = element<HTMLSelectElement>('away-reason');
    reasons.replaceChildren(...AWAY_REASONS.map((reason) => make('option', codeName(reason), { value: reason })));
    element('start-shift').addEventListener('click', () => {
      this.unlockSound();
      void this.setState({ state: 'available' });
    });
    element('go-away').addEventListener('click', () => void this.setState({ state: 'away', reason: reasons.value }));
    element('end-shift').addEventListener('click', () => void this.setState({ state: 'offline' }));
    element('end-wrap-up').addEventListener('click', () => void this.setState({ state: 'available' }));
  }

  start(): void {
    void this.refresh();
    this.refresher = setInterval(() => void this.refresh(), REFRESH_MS);
    this.ticker = setInterval(() => this.tick(), 500);
  }

  stop(): void {
    clearInterval(this.refresher);
    clearInterval(this.ticker);
  }

  /** A short two-tone chime, made in the page (no sound file to fetch); silent until the agent started the shift. */
  chime(): void {
    const audio = this.audio;
    if (!audio) return;
    for (const [index, frequency] of [660, 880].entries()) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.value = 0.15;
      tone.connect(gain).connect(audio.destination);
      const start = audio.currentTime + index * 0.18;
      tone.start(start);
      tone.stop(start + 0.15);
    }
  }

  async refresh(): Promise<void> {
    this.lastRefresh = Date.now();
    try {
      this.show(await this.desk.call<AgentMe>('GET', '/agents/me'));
    } catch (error) {
      this.desk.fail(error);
    }
  }

  private async setState(body: { state: string; reason?: string }): Promise<void> {
    try {
      await this.desk.call('POST', '/agents/me/state', body);
      await this.refresh();
    } catch (error) {
      this.desk.fail(error);
    }
  }

  private show(me: AgentMe): void {
    const before = this.desk.me;
    this.desk.me = me;
    const skills = Object.entries(me.skills).map(([skill, level]) => `${skill} ${level}`);
    element('profile-skills').textContent = t('skills', { skills: skills.join(', ') || '—' });
    element('profile-languages').textContent = t('languages', { languages: me.languages.join(', ') || '—' });
    const reason = me.state === 'away' && me.awayReason ? ` (${codeName(me.awayReason)})` : '';
    element('state').textContent = t('state', { state: codeName(me.state) + reason });
    element('state').dataset.state = me.state;
    show(element('start-shift'), me.state === 'offline' || me.state === 'away');
    show(element('go-away'), me.state === 'available');
    show(element('away-reason-field'), me.state === 'available');
    show(element('end-shift'), me.state !== 'offline');
    show(element('end-wrap-up'), me.state === 'wrap-up');
    this.tick();
    if (before?.state !== me.state || before?.stateChangedAt !== me.stateChangedAt) this.onChange(me, before);
  }

  private tick(): void {
    const me = this.desk.me;
    const timer = element('wrap-up');
    if (!me || me.state !== 'wrap-up') return show(timer, false);
    const endsAt = me.wrapUpEndsAt ?? me.stateChangedAt + me.wrapUpSeconds * 1000;
    const left = this.desk.clock.secondsUntil(endsAt);
    const pauseMs = endsAt - (me.stateChangedAt + me.wrapUpSeconds * 1000);
    timer.textContent = t(pauseMs > 0 ? 'carePause' : 'wrapUpLeft', { time: formatDuration(left) });
    show(timer, true);
    // The server ends wrap-up at its time; ask it a moment later rather than wait for the next refresh.
    if (left === 0 && Date.now() - this.lastRefresh > 1000) void this.refresh();
  }

  private unlockSound(): void {
    // Browsers play sound only after a click on the page: the shift's first click is that click.
    this.audio ??= new AudioContext();
    void this.audio.resume();
  }
}
