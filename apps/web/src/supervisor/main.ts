import { io, type Socket } from 'socket.io-client';
import {
  SUPERVISOR_NAMESPACE,
  type ChartPoint,
  type MetricWindowName,
  type MetricsMessage,
  type SupervisorClientEvents,
  type SupervisorServerEvents,
} from '@tuki/contracts';
import { api, element, show } from '../shared/dom';
import { AgentBoard } from './agent-board';
import type { AgentAction } from './agent-actions';
import { renderChart } from './chart';
import { CONNECTION_WORDS, connectionState } from './connection-status';
import { Directory, type RoutingQueueFields } from './directory';
import { ServerClock, formatClock } from './format';
import { setAttribute, setText } from './keyed-rows';
import { QueuesTable } from './queues-table';
import { Session } from '../shared/session';
import { AlertsView, renderOverdue } from './side-lists';
import { HelpPanel } from './help-panel';
import { LiveFeed, type FeedOutcome } from './snapshot-state';
import { PlannerPanel } from './planner-panel';
import { renderStaffing } from './staffing-table';
import { Tiles } from './tiles';

/*
 * The supervisor dashboard: sign in with the second factor, then the `/supervisors` socket pushes the live snapshot
 * and the page keeps it in step (snapshot-state.ts), counts waits up by the server's clock, and sends the
 * supervisor's actions over HTTP. Everything is redrawn in place once a second and after each message.
 */

/** How long to wait for the answer to a resync before asking again on the next change. */
const RESYNC_TIMEOUT_MS = 5000;
/**
 * After this much silence the page asks for a snapshot itself. The server is meant to send something every few
 * seconds; if it only sends when a figure moves, a quiet helpline would look "stale" without this probe, and with it
 * "stale" means the server did not answer either.
 */
const PROBE_AFTER_MS = 5000;
/** After a refused handshake that is not about the token (the server could not check it), try again this often. */
const RETRY_UNAVAILABLE_MS = 5000;

type SupervisorSocket = Socket<SupervisorServerEvents, SupervisorClientEvents>;

const session = new Session((reason) => backToSignIn(reason));
const directory = new Directory(
  () => session.accessToken,
  (message) => notice(message),
);
const clock = new ServerClock();
const tiles = new Tiles(element('tiles'));
const queuesTable = new QueuesTable(element<HTMLTableSectionElement>('queues-body'), {
  setOpen: (queueId, open) => adjustQueue(queueId, { open }).then(() => undefined),
  setCallbackThreshold: (queueId, seconds) => adjustQueue(queueId, { callbackOfferAfterWaitSeconds: seconds }),
});
const agentBoard = new AgentBoard(element<HTMLTableSectionElement>('agents-body'), changeAgentState);
const alerts = new AlertsView(
  element<HTMLOListElement>('alerts-list'),
  element('alerts-empty'),
  element('alert-banner'),
);

const planner = new PlannerPanel(element('planner'), () => session.accessToken);

const helpPanel = new HelpPanel(
  element<HTMLOListElement>('help-list'),
  element('help-empty'),
  element('alert-banner'),
  answerHelp,
);

let socket: SupervisorSocket | undefined;
let feed: LiveFeed | undefined;
let lastMessageAt: number | null = null;
let metricWindow: MetricWindowName = 'rolling15';
/** The chart part last drawn: parts are replaced whole, so a new array is the only sign the chart changed. */
let chartDrawn: ChartPoint[] | undefined;
let ticker: ReturnType<typeof setInterval> | undefined;
/** When the token was last renewed because the handshake refused it: a second refusal right after is final. */
let renewedForHandshakeAt = 0;
let probedAt = 0;

function notice(text: string | null): void {
  element('notice').textContent = text ?? '';
  show(element('notice'), text !== null);
}

async function signIn(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const password = element<HTMLInputElement>('password');
  const totp = element<HTMLInputElement>('totp');
  try {
    await session.signIn(element<HTMLInputElement>('login').value, password.value, totp.value.replace(/\s+/g, ''));
  } catch (error) {
    notice((error as Error).message);
    return;
  } finally {
    // Neither stays on the page longer than the request: a code is single-use, a password is not for the DOM.
    password.value = '';
    totp.value = '';
  }
  notice(null);
  show(element('sign-in'), false);
  show(element('dashboard'), true);
  show(element('sign-out'), true);
  await directory.load();
  void planner.load();
  connect();
  ticker = setInterval(() => {
    probeIfSilent();
    render();
  }, 1000);
  element('headline-title').focus();
}

function connect(): void {
  const live = new LiveFeed(() => resync());
  feed = live;
  const opened: SupervisorSocket = io(SUPERVISOR_NAMESPACE, {
    transports: ['websocket'],
    // A function, so every reconnection presents the token as renewed since (the access token lives minutes).
    auth: (give) => give({ token: session.accessToken }),
  });
  socket = opened;
  opened.on('metrics.snapshot', (message) => received(live.onSnapshot(message)));
  opened.on('metrics.changed', (message) => received(live.onChanged(message)));
  opened.on('metrics.alert', (alert) => {
    lastMessageAt = Date.now();
    alerts.push(alert, Date.now());
    show(element('alert-dismiss'), true);
    render();
  });
  opened.on('exception', (error) => notice(error.message));
  opened.on('connect', render);
  opened.on('disconnect', (reason) => {
    live.resyncFailed();
    render();
    // The server closed the socket itself (a session check, a deploy): socket.io does not come back on its own.
    if (reason === 'io server disconnect') void reconnectWithFreshToken();
  });
  opened.on('connect_error', (error) => void handshakeRefused(opened, error));
}

function resync(): void {
  // The answer belongs to the feed that asked: after a sign-out and in again it must not land in the new one.
  const asking = feed;
  socket?.timeout(RESYNC_TIMEOUT_MS).emit('metrics.resync', (error: Error | null, message: MetricsMessage) => {
    if (!asking || asking !== feed) return;
    if (error) asking.resyncFailed();
    else received(asking.onSnapshot(message));
  });
}

function received(outcome: FeedOutcome): void {
  lastMessageAt = Date.now();
  const snapshot = feed?.current;
  if (outcome !== 'applied' || !snapshot) return render();
  const changed = feed!.changedParts;
  // Only a message that carries `generatedAt` says what the server's clock read when it was sent.
  if (changed.includes('generatedAt')) clock.observe(snapshot.generatedAt);
  if (changed.includes('alerts')) {
    alerts.merge(snapshot.alerts, Date.now());
    if (element('alert-banner').textContent) show(element('alert-dismiss'), true);
  }
  void directory.catchUp(snapshot, Date.now()).then((learnt) => learnt && render());
  render();
}

async function handshakeRefused(refusedSocket: SupervisorSocket, error: Error): Promise<void> {
  // A network failure: socket.io keeps trying by itself and the indicator says so.
  if (refusedSocket.active) return render();
  switch (error.message) {
    case 'FORBIDDEN':
      return backToSignIn('This account may not see the dashboard: it is for supervisors and admins.');
    case 'UNAUTHENTICATED':
      if (Date.now() - renewedForHandshakeAt < 30_000) return backToSignIn('Your session ended: sign in again.');
      renewedForHandshakeAt = Date.now();
      return reconnectWithFreshToken();
    default:
      // UNAVAILABLE: the server could not check the token just now.
      render();
      setTimeout(() => {
        if (socket === refusedSocket && session.signedIn) refusedSocket.connect();
      }, RETRY_UNAVAILABLE_MS);
  }
}

async function reconnectWithFreshToken(): Promise<void> {
  if (await session.renew()) socket?.connect();
}

function backToSignIn(reason: string): void {
  // Revoked rather than left to expire: a dashboard left signed in on a shared screen is a way in.
  if (session.signedIn) void session.signOut().catch((error: Error) => console.warn('Sign-out failed', error.message));
  socket?.disconnect();
  socket = undefined;
  feed = undefined;
  lastMessageAt = null;
  chartDrawn = undefined;
  clearInterval(ticker);
  directory.clear();
  planner.clear();
  element('alert-banner').textContent = '';
  show(element('alert-dismiss'), false);
  show(element('dashboard'), false);
  show(element('sign-out'), false);
  show(element('sign-in'), true);
  setConnection('signed-out', 'Not signed in');
  notice(reason || null);
}

async function adjustQueue(queueId: string, change: Record<string, unknown>): Promise<boolean> {
  try {
    directory.remember(
      await api<RoutingQueueFields>('PATCH', `/routing-queues/${queueId}`, session.accessToken, change),
    );
    notice(null);
    render();
    return true;
  } catch (error) {
    notice(`The queue was not changed: ${(error as Error).message}`);
    return false;
  }
}

async function answerHelp(requestId: string): Promise<void> {
  try {
    await api('POST', `/help-requests/${requestId}/acknowledge`, session.accessToken);
    notice(null);
  } catch (error) {
    notice(`The agent was not told you are coming: ${(error as Error).message}`);
  }
}

async function changeAgentState(agentId: string, body: AgentAction['body']): Promise<void> {
  try {
    await api('POST', `/agents/${agentId}/state`, session.accessToken, body);
    notice(null);
  } catch (error) {
    notice(`The agent’s state was not changed: ${(error as Error).message}`);
  }
}

function setConnection(state: string, words: string): void {
  const indicator = element('connection');
  setAttribute(indicator, 'data-state', state);
  // Only a change of state is written, so the status region speaks once per change, not once a second.
  setText(indicator, words);
}

/** Asks for a snapshot when the server has been silent a while (see PROBE_AFTER_MS); at most once per interval. */
function probeIfSilent(): void {
  const now = Date.now();
  const silentSince = Math.max(lastMessageAt ?? now, probedAt);
  if (!socket?.connected || now - silentSince < PROBE_AFTER_MS) return;
  probedAt = now;
  resync();
}

function render(): void {
  if (!session.signedIn) return;
  const state = connectionState({ connected: socket?.connected ?? false, lastMessageAt, now: Date.now() });
  setConnection(state, CONNECTION_WORDS[state]);
  const snapshot = feed?.current;
  if (!snapshot) return;
  const serverNow = clock.nowMs();
  setText(element('updated'), `Figures of ${formatClock(snapshot.generatedAt, snapshot.timeZone, true)}`);
  show(element('rebuilding'), !snapshot.complete);

  tiles.render(snapshot, metricWindow, serverNow);
  queuesTable.render(snapshot.queues, directory.queues, metricWindow, serverNow);
  show(element('queues-empty'), snapshot.queues.length === 0);
  agentBoard.render(snapshot.agents, directory.names, serverNow);
  show(element('agents-empty'), snapshot.agents.length === 0);
  renderStaffing(element<HTMLTableSectionElement>('staffing-body'), snapshot.staffing);
  show(element('staffing-empty'), snapshot.staffing.length === 0);
  renderOverdue(
    element<HTMLOListElement>('overdue-list'),
    element('overdue-empty'),
    snapshot.overdueCallbacks,
    snapshot.queues,
    snapshot.timeZone,
    serverNow,
  );
  alerts.render(snapshot.timeZone, Date.now());
  helpPanel.render(snapshot.helpRequests, directory.names, serverNow);
  if (snapshot.helpRequests.length > 0) show(element('alert-dismiss'), true);
  if (snapshot.chart !== chartDrawn) {
    renderChart(element('chart'), snapshot.chart, snapshot.timeZone);
    chartDrawn = snapshot.chart;
  }
}

element<HTMLFormElement>('sign-in').addEventListener('submit', (event) => void signIn(event));
element('sign-out').addEventListener('click', () => backToSignIn(''));
element('alert-dismiss').addEventListener('click', () => {
  element('alert-banner').textContent = '';
  show(element('alert-dismiss'), false);
});
for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="window"]')) {
  radio.addEventListener('change', () => {
    if (radio.checked) metricWindow = radio.value as MetricWindowName;
    render();
  });
}
