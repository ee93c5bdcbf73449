// The live stream (WebSocket GET /api/v1/stream): one connection per tab, held by a provider in the signed-in layout.
// It remembers the last event id and reconnects with `?after=<id>` (backing off from 1 s to 10 s), so no event is
// missed across a dropped connection; events are de-duplicated by id. Each event updates or invalidates the TanStack
// Query caches it concerns: the open thread, the channel lists and my conversations with their unread counts, the
// notifications (the bell).
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, createContext, createElement, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { type Post, type ThreadSummary, refreshLists, storeLivePost, threadKey } from '../api/forum.ts';
import { meKey } from '../api/me.ts';
import { type Notification, notificationsKey, storeNotification } from '../api/notifications.ts';

/** connecting (first time), live, reconnecting (after a drop, waiting or trying), off (not signed in as a member, or refused). */
export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'off';

/** One event as the server sends it. */
export interface StreamEvent {
  id: number;
  event: string;
  at: string;
  data: {
    threadId?: string;
    channelId?: string;
    postId?: string;
    post?: Post;
    thread?: ThreadSummary;
    notification?: Notification;
    [key: string]: unknown;
  };
}

type Frame =
  | { type: 'hello'; head: number }
  | { type: 'heartbeat'; head: number }
  | ({ type: 'event' } & StreamEvent)
  | { type: 'error'; code: string; message: string };

/** Error codes after which trying again cannot help until the person signs in again. */
const FINAL_CODES = new Set(['unauthenticated', 'forbidden', 'membership_pending', 'mfa_enrolment_required', 'csrf_failed']);
/** Close code of a stream whose session ended: reconnecting cannot help. */
const SIGNED_OUT = 4401;
const BACKOFF_MS = [1000, 2000, 4000, 8000, 10_000];
const SEEN_LIMIT = 2000;

/** One tab's connection: opens, reads frames, reconnects after the last id it saw. */
class EventStream {
  private socket: WebSocket | null = null;
  private lastId: number | null = null;
  private readonly seen = new Set<number>();
  private attempt = 0;
  private timer: number | undefined;
  private stopped = false;
  private everLive = false;

  constructor(
    private readonly onEvent: (event: StreamEvent) => void,
    private readonly onStatus: (status: StreamStatus) => void,
    /** The server closed the stream because the session ended. */
    private readonly onSignedOut: () => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
    window.addEventListener('online', this.retryNow);
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.retryNow);
    window.clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
  }

  /** Back online: do not wait for the back-off. */
  private readonly retryNow = () => {
    if (this.stopped || this.socket) return;
    window.clearTimeout(this.timer);
    this.open();
  };

  private url(): string {
    const scheme = window.location.protocol === 'https:' ? 'wss://' : 'ws://';
    const after = this.lastId !== null ? `?after=${this.lastId}` : '';
    return `${scheme}${window.location.host}/api/v1/stream${after}`;
  }

  private open(): void {
    this.onStatus(this.everLive ? 'reconnecting' : 'connecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onmessage = (message) => {
      if (this.socket === socket && typeof message.data === 'string') this.receive(message.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (event.code === SIGNED_OUT) {
        this.stop();
        this.onStatus('off');
        this.onSignedOut();
        return;
      }
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.onStatus(this.everLive ? 'reconnecting' : 'connecting');
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)]!;
    this.attempt++;
    this.timer = window.setTimeout(() => this.open(), delay);
  }

  private receive(text: string): void {
    let frame: Frame;
    try {
      frame = JSON.parse(text) as Frame;
    } catch {
      return;
    }
    switch (frame.type) {
      case 'hello':
        this.attempt = 0;
        this.everLive = true;
        if (this.lastId === null) this.lastId = frame.head;
        this.onStatus('live');
        break;
      case 'heartbeat':
        // Nothing at or below the head is still coming to us: reconnecting after it misses nothing.
        if (this.lastId === null || frame.head > this.lastId) this.lastId = frame.head;
        break;
      case 'event':
        this.take(frame);
        break;
      case 'error':
        // Refusals come before the upgrade (a failed connection, retried); a frame like this ends the stream for good.
        if (FINAL_CODES.has(frame.code)) {
          this.stop();
          this.onStatus('off');
        }
        break;
      default:
        break;
    }
  }

  private take(event: StreamEvent): void {
    if (this.seen.has(event.id)) return;
    this.seen.add(event.id);
    if (this.seen.size > SEEN_LIMIT) {
      for (const id of [...this.seen].slice(0, SEEN_LIMIT / 2)) this.seen.delete(id);
    }
    if (this.lastId === null || event.id > this.lastId) this.lastId = event.id;
    this.onEvent(event);
  }
}

/** Brings the cached queries up to date with one event. */
export function applyStreamEvent(queryClient: QueryClient, event: StreamEvent): void {
  const { threadId, channelId, post, notification } = event.data;
  switch (event.event) {
    case 'notification.created':
      if (notification) storeNotification(queryClient, notification);
      void queryClient.invalidateQueries({ queryKey: notificationsKey });
      return;
    case 'post.created':
    case 'post.edited':
      // Shown at once; the fetch that follows brings this reader's own view of it (new, mine, reactions).
      if (post?.id && post.threadId) storeLivePost(queryClient, post);
      break;
    default:
      break;
  }
  if (threadId) void queryClient.invalidateQueries({ queryKey: threadKey(threadId) });
  refreshLists(queryClient, channelId);
  // A thread moved to another channel leaves the old one's list.
  const previous = event.data['previousChannelId'];
  if (typeof previous === 'string' && previous !== channelId) refreshLists(queryClient, previous);
}

interface StreamContextValue {
  status: StreamStatus;
  subscribe: (listener: (event: StreamEvent) => void) => () => void;
}

const StreamContext = createContext<StreamContextValue>({ status: 'off', subscribe: () => () => undefined });

/** Holds the tab's one stream connection while `enabled` (an active member is signed in). */
export function EventStreamProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>('off');
  const listeners = useRef(new Set<(event: StreamEvent) => void>());
  useEffect(() => {
    if (!enabled || typeof WebSocket === 'undefined') {
      setStatus('off');
      return;
    }
    const stream = new EventStream(
      (event) => {
        applyStreamEvent(queryClient, event);
        for (const listener of listeners.current) listener(event);
      },
      setStatus,
      // GET /me finds out, and the app sends the person to the sign-in page.
      () => void queryClient.invalidateQueries({ queryKey: meKey, exact: true }),
    );
    stream.start();
    return () => stream.stop();
  }, [enabled, queryClient]);
  const subscribe = useCallback((listener: (event: StreamEvent) => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const value = useMemo<StreamContextValue>(() => ({ status, subscribe }), [status, subscribe]);
  return createElement(StreamContext.Provider, { value }, children);
}

/** The state of the live connection (for the "live" / "reconnecting…" indicator). */
export function useStreamStatus(): StreamStatus {
  return useContext(StreamContext).status;
}

/** Calls `listener` with every live event while the component is shown. */
export function useStreamEvents(listener: (event: StreamEvent) => void): void {
  const { subscribe } = useContext(StreamContext);
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}
