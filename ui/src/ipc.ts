// The one door to the Rust side. Everything else imports from here, never from the
// generated bindings or `@tauri-apps/api` directly (the linter enforces it), so that every
// failure arrives as a `PlanRequestError` with a kind the UI can branch on.
import { Channel } from "@tauri-apps/api/core";
import { commands } from "./generated/bindings";
import type {
  CliffView,
  DeckChoices_Serialize as DeckChoices,
  PlayRequest,
  TradeOffResult_Serialize as TradeOffResult,
} from "./generated/bindings";
export type { CliffView, DeckChoices, TradeOffResult };
import type {
  Applied_Serialize,
  CompareSide,
  ComparisonExportRequest,
  ComparisonView_Serialize,
  DigestPerson_Serialize,
  FieldChangeView,
  HistoryLine,
  ItemChangeView_Serialize,
  MessageView,
  NewComment,
  RestoreView_Serialize,
  ReviewBoard_Serialize,
  ReviewStage,
  SectionChangeView_Serialize,
  SectionHistoryView_Serialize,
  SectionStatusView_Serialize,
  SignoffItem_Serialize,
  SignRequest,
  SpanView,
  ThreadItem_Serialize,
  ThreadPlace,
  BalanceRowView,
  Connection,
  DisplayNameView,
  LiveNews,
  ExportFormat,
  ExportProfile,
  ExportProfileView,
  ExportRequest,
  ExportedFile,
  FieldValue,
  FoundHostView,
  HostingView,
  JoinLinkView,
  JoinRequest,
  PersonHere,
  SessionView,
  FindingView_Serialize,
  FolderEntry,
  FolderListing_Serialize,
  NewPlanRequest,
  OpenedPlan_Serialize,
  PlanCommand_Deserialize,
  RatingScaleView,
  RecentPlan,
  RepairView_Serialize,
  MergeView_Serialize,
  BundleView_Serialize,
  Review_Serialize,
  Section,
  SectionView_Serialize,
  PhaseProgressView,
  TemplateChoices_Serialize,
  TemplateView_Serialize,
  UiError,
  UiErrorKind,
  VersionView,
  RoomView,
  PersonInRoom,
  BlockNow,
  Facilitate,
  RoomRecord_Serialize,
  MyVote,
  VoteView,
  VotedItem,
  DotsOn,
  IdeaView,
  VotableItem,
  OpenVoteRequest,
  PromoteInto,
  RatingRoundView,
} from "./generated/bindings";

// What Rust sends is the serialised shape; what the UI sends is the shape Rust reads.
export type Applied = Applied_Serialize;
export type RoomRecord = RoomRecord_Serialize;
export type FindingView = FindingView_Serialize;
export type FolderListing = FolderListing_Serialize;
export type OpenedPlan = OpenedPlan_Serialize;
export type RepairView = RepairView_Serialize;
export type MergeView = MergeView_Serialize;
export type BundleView = BundleView_Serialize;
export type PlanCommand = PlanCommand_Deserialize;
export type Review = Review_Serialize;
export type TemplateChoices = TemplateChoices_Serialize;
export type TemplateView = TemplateView_Serialize;
export type SectionView = SectionView_Serialize;
export type ComparisonView = ComparisonView_Serialize;
export type DigestPerson = DigestPerson_Serialize;
export type SectionHistoryView = SectionHistoryView_Serialize;
export type ItemChangeView = ItemChangeView_Serialize;
export type RestoreView = RestoreView_Serialize;
export type ReviewBoard = ReviewBoard_Serialize;
export type SectionChangeView = SectionChangeView_Serialize;
export type SectionStatusView = SectionStatusView_Serialize;
export type SignoffItem = SignoffItem_Serialize;
export type ThreadItem = ThreadItem_Serialize;
export type {
  CompareSide,
  FieldChangeView,
  HistoryLine,
  MessageView,
  NewComment,
  ReviewStage,
  SignRequest,
  SpanView,
  ThreadPlace,
  BalanceRowView,
  Connection,
  DisplayNameView,
  LiveNews,
  ExportFormat,
  ExportProfile,
  ExportProfileView,
  ExportRequest,
  ExportedFile,
  FieldValue,
  FoundHostView,
  HostingView,
  JoinLinkView,
  JoinRequest,
  PersonHere,
  SessionView,
  FolderEntry,
  NewPlanRequest,
  RatingScaleView,
  RecentPlan,
  Section,
  PhaseProgressView,
  UiErrorKind,
  VersionView,
  RoomView,
  PersonInRoom,
  BlockNow,
  Facilitate,
  MyVote,
  VoteView,
  VotedItem,
  DotsOn,
  IdeaView,
  VotableItem,
  OpenVoteRequest,
  PromoteInto,
  RatingRoundView,
};
export { PLAN_SCHEMA } from "./generated/bindings";

/** A request the Rust side refused, with the sentence to show. */
export class PlanRequestError extends Error {
  readonly kind: UiErrorKind | "Unexpected";
  constructor(kind: UiErrorKind | "Unexpected", message: string) {
    super(message);
    this.kind = kind;
  }
}

type Reply<T> = { status: "ok"; data: T } | { status: "error"; error: UiError };

async function settle<T>(reply: Promise<Reply<T>>): Promise<T> {
  let r: Reply<T>;
  try {
    r = await reply;
  } catch (e) {
    // Tauri itself refused (an unknown command, a denied permission): not the plan's doing.
    throw new PlanRequestError("Unexpected", e instanceof Error ? e.message : String(e));
  }
  if (r.status === "error") {
    // Framework-level refusals arrive as plain strings rather than our error shape.
    const err = r.error as UiError | string;
    if (typeof err === "string") throw new PlanRequestError("Unexpected", err);
    throw new PlanRequestError(err.kind, err.message);
  }
  return r.data;
}

/** What the plan's Yjs peer needs from the Rust side; tests give it a fake. */
export interface PlanBackend {
  apply(command: PlanCommand): Promise<Applied>;
  receiveUpdate(update: Uint8Array): Promise<boolean>;
  catchUp(stateVector: Uint8Array): Promise<Uint8Array | null>;
  review(): Promise<Review>;
}

export const backend: PlanBackend = {
  apply: (command) => settle(commands.apply(command)),
  receiveUpdate: (update) => settle(commands.receiveUpdate(Array.from(update))),
  catchUp: async (sv) => {
    const bytes = await settle(commands.catchUp(Array.from(sv)));
    return bytes === null ? null : Uint8Array.from(bytes);
  },
  review: () => settle(commands.review()),
};

/** The review layer: threads, section status, comparing versions, sign-off. */
export const reviewing = {
  board: (): Promise<ReviewBoard> => settle(commands.reviewBoard()),
  comment: (comment: NewComment): Promise<ReviewBoard> => settle(commands.comment(comment)),
  reply: (thread: string, body: string): Promise<ReviewBoard> => settle(commands.reply(thread, body)),
  resolve: (thread: string): Promise<ReviewBoard> => settle(commands.resolveThread(thread)),
  reopen: (thread: string): Promise<ReviewBoard> => settle(commands.reopenThread(thread)),
  setStatus: (section: Section, stage: ReviewStage, asked: string[]): Promise<ReviewBoard> =>
    settle(commands.setSectionStatus(section, stage, asked)),
  compare: (from: CompareSide, to: CompareSide): Promise<ComparisonView> => settle(commands.compareVersions(from, to)),
  exportComparison: (request: ComparisonExportRequest): Promise<ExportedFile> => settle(commands.exportComparison(request)),
  sectionHistory: (section: Section): Promise<SectionHistoryView> => settle(commands.sectionHistory(section)),
  mergeDigest: (since: string): Promise<DigestPerson[]> => settle(commands.mergeDigest(since)),
  restore: async (label: string, stateVector: Uint8Array): Promise<RestoreView> =>
    settle(commands.restoreVersion(label, Array.from(stateVector))),
  sign: (request: SignRequest): Promise<SignoffItem> => settle(commands.signVersion(request)),
  signoffs: (): Promise<SignoffItem[]> => settle(commands.signoffs()),
};

/** A pushed update's bytes (base64 in the channel's JSON: far smaller than an array of numbers). */
export function updateBytes(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Listens to what Rust pushes about the open plan (others' changes, comments, who is here), in
 * the order it happened. Rust keeps telling until the plan is closed; `stop` only stops
 * hearing it here.
 */
export async function listenLive(hear: (news: LiveNews) => void): Promise<() => void> {
  let listening = true;
  const channel = new Channel<LiveNews>();
  channel.onmessage = (news) => {
    if (listening) hear(news);
  };
  await settle(commands.live(channel));
  return () => {
    listening = false;
  };
}

export const app = {
  startupPlan: (): Promise<string | null> => settle(commands.startupPlan()),
  displayName: (): Promise<DisplayNameView> => settle(commands.displayName()),
  setDisplayName: (name: string): Promise<DisplayNameView> => settle(commands.setDisplayName(name)),
  plansFolder: (): Promise<string> => settle(commands.plansFolder()),
  templates: (): Promise<TemplateChoices> => settle(commands.templates()),
  recentPlans: (): Promise<RecentPlan[]> => settle(commands.recentPlans()),
  listFolder: (folder: string | null): Promise<FolderListing> => settle(commands.listFolder(folder)),
  createPlan: (request: NewPlanRequest): Promise<OpenedPlan> => settle(commands.createPlan(request)),
  openPlan: (path: string): Promise<OpenedPlan> => settle(commands.openPlan(path)),
  openDemo: (program: string): Promise<OpenedPlan> => settle(commands.openDemo(program)),
  versions: (): Promise<VersionView[]> => settle(commands.versions()),
  createVersion: (label: string): Promise<VersionView> => settle(commands.createVersion(label)),
  setMe: (member: string | null): Promise<null> => settle(commands.setMe(member)),
  closePlan: (): Promise<null> => settle(commands.closePlan()),
  exportPlan: (request: ExportRequest): Promise<ExportedFile> => settle(commands.exportPlan(request)),
  exportProfiles: (): Promise<ExportProfileView[]> => settle(commands.exportProfiles()),
  openDocument: (path: string): Promise<null> => settle(commands.openDocument(path)),
  showDocumentInFolder: (path: string): Promise<null> => settle(commands.showDocumentInFolder(path)),
  saveCopy: (path: string, state: Uint8Array): Promise<string> => settle(commands.saveCopy(path, Array.from(state))),
  repairPlan: (damaged: string, copy: string): Promise<RepairView> => settle(commands.repairPlan(damaged, copy)),
  tableCopy: (table: string, path: string): Promise<string> => settle(commands.tableCopy(table, path)),
  mergeCopy: (path: string, stateVector: Uint8Array): Promise<MergeView> => settle(commands.mergeCopy(path, Array.from(stateVector))),
  saveState: (path: string): Promise<string> => settle(commands.saveState(path)),
  saveBundle: (forState: string | null, path: string): Promise<BundleView> => settle(commands.saveBundle(forState, path)),
  hostPlan: (): Promise<HostingView> => settle(commands.hostPlan()),
  stopHosting: (): Promise<null> => settle(commands.stopHosting()),
  findHosts: (): Promise<FoundHostView[]> => settle(commands.findHosts()),
  joinSession: (request: JoinRequest): Promise<OpenedPlan> => settle(commands.joinSession(request)),
  leaveSession: (): Promise<null> => settle(commands.leaveSession()),
  session: (): Promise<SessionView> => settle(commands.session()),
  setSection: (section: string | null): Promise<null> => settle(commands.setSection(section)),
  room: (): Promise<RoomView> => settle(commands.room()),
  facilitate: (action: Facilitate): Promise<null> => settle(commands.facilitate(action)),
  setDone: (done: boolean): Promise<null> => settle(commands.setDone(done)),
  setAway: (away: boolean): Promise<null> => settle(commands.setAway(away)),
  openWall: (): Promise<null> => settle(commands.openWall()),
  closeWall: (): Promise<null> => settle(commands.closeWall()),
  /** The open plan's template through another program's lens (a template id), or its own
   * (null). Rust applies the lens; nothing is written to the plan. */
  viewPlanWith: (lens: string | null): Promise<TemplateView> => settle(commands.viewPlanWith(lens)),
};

/**
 * Dot votes, the parking lot and private rating rounds. Sealing and counting happen in Rust:
 * the UI only says what this person chose.
 */
export const voting = {
  record: (): Promise<RoomRecord> => settle(commands.roomRecord()),
  latest: (): Promise<VoteView | null> => settle(commands.latestVote()),
  open: (request: OpenVoteRequest): Promise<string> => settle(commands.openVote(request)),
  place: (vote: string, dots: DotsOn[]): Promise<null> => settle(commands.placeDots(vote, dots)),
  close: (vote: string): Promise<null> => settle(commands.closeVote(vote)),
  addIdeas: (text: string): Promise<string[]> => settle(commands.addIdeas(text)),
  promote: (idea: string, into: PromoteInto, strategy: string | null): Promise<string> =>
    settle(commands.promoteIdea(idea, into, strategy)),
  round: (indicator: string): Promise<RatingRoundView> => settle(commands.ratingRound(indicator)),
  openRound: (indicator: string): Promise<null> => settle(commands.openRatingRound(indicator)),
  seal: (indicator: string, rating: string | null): Promise<null> => settle(commands.sealRating(indicator, rating)),
  reveal: (indicator: string): Promise<RatingRoundView> => settle(commands.revealRatings(indicator)),
};

/** The wall screen's news (the room or the plan changed), until the returned stop is called. */
export async function watchRoom(hear: (news: LiveNews) => void): Promise<() => void> {
  let listening = true;
  const channel = new Channel<LiveNews>();
  channel.onmessage = (news) => {
    if (listening) hear(news);
  };
  await settle(commands.watchRoom(channel));
  return () => {
    listening = false;
  };
}

/**
 * The trade-off card session: the decks, playing a card onto a tactic and taking a play back.
 * Rust writes the ledger lines and answers with the balance, findings, cliffs and stop-doing
 * list they leave; this file computes none of them.
 */
export const tradeOffs = {
  decks: (): Promise<DeckChoices> => settle(commands.decks()),
  now: (): Promise<TradeOffResult> => settle(commands.tradeOffs()),
  play: (request: PlayRequest): Promise<TradeOffResult> => settle(commands.playCard(request)),
  takeBack: (play: string): Promise<TradeOffResult> => settle(commands.takeBack(play)),
  cliffs: (): Promise<CliffView[]> => settle(commands.fundingCliffs()),
};
