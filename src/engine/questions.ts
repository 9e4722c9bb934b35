/**
 * What a replay is asked. A consumer says what it wants to know of a log — decisions,
 * totals, gaps, reachability, a timeline, a comparison — and the question sets up the
 * Replay (src/engine/replay.ts) with the settings its answer needs: which users are
 * decided for, whether "seen" is tracked for every decision, whether alerts come as
 * their outcomes only, whether customer messages are reported. A new consumer asks one
 * of these, or adds a question here; it never sets a replay's switches itself.
 *
 * Every question's decisions (and facts) are valid only during the call that gives them:
 * one object of each serves a whole replay. A consumer that keeps one copies it.
 */
import type { Decision } from '../domain/decision.js';
import type { MessageEvent } from '../domain/events.js';
import type { Workspace } from '../domain/workspace.js';
import type { DecisionFacts } from './decide.js';
import { Replay, type AlertOutcome, type ReplayHistory, type Selection } from './replay.js';

/** What every question is asked over: the window, and the recorded history for the workspace of each line's time (SPEC 10.1). */
export interface Over {
  window: number;
  history?: ReplayHistory | undefined;
}

/** Each decision, with its facts and the user's place in id order (see ReplaySettings.onDecision). Valid during the call only. */
export type OnDecision = (decision: Decision, facts: DecisionFacts, userIndex: number) => void;

/**
 * Each customer message, with whether anyone asked about passes checks 1-5 for it (SPEC
 * 9.2's "reachable") and the project of its item at the time (null: no item).
 */
export type OnCustomerMessage = (message: MessageEvent, reachable: boolean, project: string | null) => void;

/** Each alert as its outcome, with the user's place in id order and the message (see ReplaySettings.onAlert). Valid during the call only. */
export type OnAlert = (outcome: AlertOutcome, userIndex: number, message: MessageEvent) => void;

const NOTIFIED: Selection = { kind: 'notified' };
const EVERYONE: Selection = { kind: 'all' };
const nothing = (): void => {};

function settings(over: Over) {
  return { window: over.window, ...(over.history !== undefined && { history: over.history }) };
}

export const ask = {
  /**
   * The decisions of a selection (simulate, why, plan's users): the notified only,
   * every user's, or these users' suppressed ones included. With `onCustomerMessage`, also
   * each customer message and whether one of the selection was reachable.
   */
  decisions(ws: Workspace, q: Over & { selection: Selection; onDecision: OnDecision; onCustomerMessage?: OnCustomerMessage | undefined }): Replay {
    return new Replay(ws, {
      ...settings(q),
      selection: q.selection,
      onDecision: q.onDecision,
      ...(q.onCustomerMessage !== undefined && { onCustomerMessage: q.onCustomerMessage }),
    });
  },

  /**
   * How many alerts and emails each user gets, and why (simulate --stats, load): each alert
   * comes as its outcome, without a decision made for it (ReplaySettings.onAlert), with
   * the message it is about (load counts by its time and conversation). With
   * `onCustomerMessage`, also whether each customer message reached anyone.
   */
  totals(ws: Workspace, q: Over & { onAlert: OnAlert; onCustomerMessage?: OnCustomerMessage | undefined }): Replay {
    const onAlert = q.onAlert;
    return new Replay(ws, {
      ...settings(q),
      selection: NOTIFIED,
      onAlert,
      // A notified-only replay that counts reports every alert to onAlert; a decision that
      // still came here would count the same (a decision is an outcome and more).
      onDecision: (d, f, userIndex) => onAlert(d, userIndex, f.message),
      ...(q.onCustomerMessage !== undefined && { onCustomerMessage: q.onCustomerMessage }),
    });
  },

  /**
   * Every decision of everyone (or of these users), with "seen" tracked for each, not
   * only for those that passed every other check: what --suggest's replays (with recorded
   * history; without, it counts in the gaps pass: suggest-counts.ts) and the scenarios' gap
   * counts (GapFinder) need, who saw a message nobody was told about.
   */
  gaps(ws: Workspace, q: Over & { users?: ReadonlySet<string> | null | undefined; onDecision: OnDecision }): Replay {
    const users = q.users ?? null;
    return new Replay(ws, { ...settings(q), selection: users === null ? EVERYONE : { kind: 'users', users }, seenForEveryDecision: true, onDecision: q.onDecision });
  },

  /**
   * Only whether each customer message reached anyone (gaps, gaps --suggest's
   * check, simulate --stats beside --all or --user): a notified-only replay,
   * whose lists answer it at no cost. With the project and the item of the message's
   * conversation, as at the message.
   */
  reachability(ws: Workspace, q: Over & { onCustomerMessage: (message: MessageEvent, reachable: boolean, project: string | null, item: string | null) => void }): Replay {
    const on = q.onCustomerMessage;
    return new Replay(ws, { ...settings(q), selection: NOTIFIED, onDecision: nothing, onCustomerMessage: (m, reachable, project, _them, item) => on(m, reachable, project, item) });
  },

  /** Every user's decision on every message, for a conversation's timeline. */
  timeline(ws: Workspace, q: Over & { onDecision: OnDecision }): Replay {
    return new Replay(ws, { ...settings(q), selection: EVERYONE, onDecision: q.onDecision });
  },

  /**
   * One side of a comparison when a change concerns some users (plan): everyone's
   * notifications, and every decision of the `concerned` users, suppressed ones included
   * (after the others' of each message), in one replay. Each customer message comes with
   * whether one of the others was reachable and whether one of the concerned was. With
   * `unchangedFor`, a concerned user's decisions that it says are the same as anyone's
   * come as the others' do (alerts only, and counted among the others for reachability).
   */
  comparison(
    ws: Workspace,
    q: Over & {
      concerned: ReadonlySet<string>;
      onDecision: OnDecision;
      onCustomerMessage: (message: MessageEvent, reachedByOthers: boolean, project: string | null, reachedByConcerned: boolean) => void;
      /** Which of the concerned users' kinds of facts decide the same as anyone's: those come as the others' do (ReplaySettings.unchangedFor). */
      unchangedFor?: ((facts: DecisionFacts, userIndex: number) => boolean) | undefined;
      /** With unchangedFor: the concerned users' other decisions as their kinds of facts first (ReplaySettings.onFactsKey). */
      onFactsKey?: ((message: MessageEvent, userIndex: number, key: number) => boolean) | undefined;
    },
  ): Replay {
    return new Replay(ws, {
      ...settings(q),
      selection: NOTIFIED,
      everyDecisionOf: q.concerned,
      onDecision: q.onDecision,
      onCustomerMessage: q.onCustomerMessage,
      ...(q.unchangedFor !== undefined && { unchangedFor: q.unchangedFor }),
      ...(q.onFactsKey !== undefined && { onFactsKey: q.onFactsKey }),
    });
  },
};
