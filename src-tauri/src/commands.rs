//! The commands the UI may call, each one line into `DesktopSession`. They are `async` so that
//! saving to the plan file never blocks the window's event loop (and so typing never waits on
//! a disk write); the `Desk` lock keeps them in order.

use tauri::ipc::Channel;
use tauri::State;
use throughline_app::desktop::{
    Applied, BundleView, CompareSide, ComparisonExportRequest, ComparisonView, DesktopSession,
    DigestPerson, DisplayNameView, DotsOn, ExportRequest, ExportedFile, Facilitate, FolderListing,
    FoundHostView, HostingView, JoinRequest, LiveNews, MergeView, NewComment, NewPlanRequest,
    OpenVoteRequest, OpenedPlan, PlanCommand, PromoteInto, RatingRoundView, RecentPlan, RepairView,
    RestoreView, Review, ReviewBoard, ReviewStage, RoomRecord, RoomView, Section,
    SectionHistoryView, SessionView, SignRequest, SignoffItem, TemplateChoices, TemplateView,
    UiError, UiErrorKind, VersionView, VoteView,
};

use throughline_app::desktop::ExportProfileView;
use throughline_app::desktop::{CliffView, DeckChoices, PlayRequest, TradeOffResult};

use crate::Desk;

type Reply<T> = Result<T, UiError>;

/// The plan file the app was started on, if any.
#[tauri::command]
#[specta::specta]
pub async fn startup_plan(desk: State<'_, Desk>) -> Reply<Option<String>> {
    desk.with(|s| Ok(s.startup_plan()))
}

/// The name this person's changes are saved under, and whether they have said it.
#[tauri::command]
#[specta::specta]
pub async fn display_name(desk: State<'_, Desk>) -> Reply<DisplayNameView> {
    desk.with(|s| Ok(s.display_name()))
}

/// Sets the name the others see, kept for next time.
#[tauri::command]
#[specta::specta]
pub async fn set_display_name(desk: State<'_, Desk>, name: String) -> Reply<DisplayNameView> {
    desk.with(|s| s.set_display_name(&name))
}

/// The folder new plans go in by default.
#[tauri::command]
#[specta::specta]
pub async fn plans_folder(desk: State<'_, Desk>) -> Reply<String> {
    desk.with(|s| Ok(s.plans_folder()))
}

/// The templates a new plan can start from.
#[tauri::command]
#[specta::specta]
pub async fn templates(desk: State<'_, Desk>) -> Reply<TemplateChoices> {
    desk.with(|s| s.templates())
}

/// Plans opened here before, most recent first.
#[tauri::command]
#[specta::specta]
pub async fn recent_plans(desk: State<'_, Desk>) -> Reply<Vec<RecentPlan>> {
    desk.with(|s| Ok(s.recent_plans()))
}

/// A folder's sub-folders and plan files.
#[tauri::command]
#[specta::specta]
pub async fn list_folder(desk: State<'_, Desk>, folder: Option<String>) -> Reply<FolderListing> {
    desk.with(|s| s.list_folder(folder))
}

/// Creates a plan from a template and opens it.
#[tauri::command]
#[specta::specta]
pub async fn create_plan(desk: State<'_, Desk>, request: NewPlanRequest) -> Reply<OpenedPlan> {
    desk.with(|s| s.create_plan(request))
}

/// Opens a plan file.
#[tauri::command]
#[specta::specta]
pub async fn open_plan(desk: State<'_, Desk>, path: String) -> Reply<OpenedPlan> {
    desk.with(|s| s.open_plan(&path))
}

/// Opens a program's demo plan (`dsdp`, `nep`, `ers`), creating it the first time.
#[tauri::command]
#[specta::specta]
pub async fn open_demo(desk: State<'_, Desk>, program: String) -> Reply<OpenedPlan> {
    desk.with(move |s| s.open_program_demo(&program))
}

/// Makes one structural change; returns it as a Yjs update for the UI's copy.
#[tauri::command]
#[specta::specta]
pub async fn apply(desk: State<'_, Desk>, command: PlanCommand) -> Reply<Applied> {
    desk.with(|s| s.apply(command))
}

/// Takes in a Yjs v1 update from the UI's copy of the document.
#[tauri::command]
#[specta::specta]
pub async fn receive_update(desk: State<'_, Desk>, update: Vec<u8>) -> Reply<bool> {
    desk.with(|s| s.receive_update(&update))
}

/// What other processes saved to the plan file, for a copy with this state vector.
#[tauri::command]
#[specta::specta]
pub async fn catch_up(desk: State<'_, Desk>, state_vector: Vec<u8>) -> Reply<Option<Vec<u8>>> {
    desk.with(|s| s.catch_up(&state_vector))
}

/// Pushes to the UI, as it happens, what reaches the open plan from elsewhere (peers'
/// changes, comments, who is here), in order, on `news`.
#[tauri::command]
#[specta::specta]
pub async fn live(desk: State<'_, Desk>, news: Channel<LiveNews>) -> Reply<()> {
    desk.with(move |s| {
        s.live(move |n| {
            // A window that has gone away has nobody left to tell.
            let _ = news.send(n);
        })
    })
}

/// The coherence findings and the ledger's balance.
#[tauri::command]
#[specta::specta]
pub async fn review(desk: State<'_, Desk>) -> Reply<Review> {
    desk.with(|s| s.review())
}

/// The named versions, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn versions(desk: State<'_, Desk>) -> Reply<Vec<VersionView>> {
    desk.with(|s| s.versions())
}

/// Names the plan as it is now.
#[tauri::command]
#[specta::specta]
pub async fn create_version(desk: State<'_, Desk>, label: String) -> Reply<VersionView> {
    desk.with(|s| s.create_version(&label))
}

/// Says which team member this person is in the open plan.
#[tauri::command]
#[specta::specta]
pub async fn set_me(desk: State<'_, Desk>, member: Option<String>) -> Reply<()> {
    desk.with(|s| s.set_me(member))
}

/// Closes the open plan.
#[tauri::command]
#[specta::specta]
pub async fn close_plan(desk: State<'_, Desk>) -> Reply<()> {
    desk.with(|s| s.close_plan())
}

/// Every comment thread and section status, with what waits on this person.
#[tauri::command]
#[specta::specta]
pub async fn review_board(desk: State<'_, Desk>) -> Reply<ReviewBoard> {
    desk.with(|s| s.review_board())
}

/// Comments on words of the plan or on a part of it.
#[tauri::command]
#[specta::specta]
pub async fn comment(desk: State<'_, Desk>, comment: NewComment) -> Reply<ReviewBoard> {
    desk.with(|s| s.comment(comment))
}

/// Replies in a thread.
#[tauri::command]
#[specta::specta]
pub async fn reply(desk: State<'_, Desk>, thread: String, body: String) -> Reply<ReviewBoard> {
    desk.with(|s| s.reply(&thread, &body))
}

/// Resolves a thread.
#[tauri::command]
#[specta::specta]
pub async fn resolve_thread(desk: State<'_, Desk>, thread: String) -> Reply<ReviewBoard> {
    desk.with(|s| s.resolve_thread(&thread))
}

/// Reopens a resolved thread.
#[tauri::command]
#[specta::specta]
pub async fn reopen_thread(desk: State<'_, Desk>, thread: String) -> Reply<ReviewBoard> {
    desk.with(|s| s.reopen_thread(&thread))
}

/// Sets a section's review status.
#[tauri::command]
#[specta::specta]
pub async fn set_section_status(
    desk: State<'_, Desk>,
    section: Section,
    stage: ReviewStage,
    asked: Vec<String>,
) -> Reply<ReviewBoard> {
    desk.with(|s| s.set_section_status(section, stage, asked))
}

/// Compares two versions, or a version and the draft.
#[tauri::command]
#[specta::specta]
pub async fn compare_versions(
    desk: State<'_, Desk>,
    from: CompareSide,
    to: CompareSide,
) -> Reply<ComparisonView> {
    desk.with(|s| s.compare_versions(from, to))
}

/// Restores a version as a forward change.
#[tauri::command]
#[specta::specta]
pub async fn restore_version(
    desk: State<'_, Desk>,
    label: String,
    state_vector: Vec<u8>,
) -> Reply<RestoreView> {
    desk.with(|s| s.restore_version(&label, &state_vector))
}

/// Signs a named version.
#[tauri::command]
#[specta::specta]
pub async fn sign_version(desk: State<'_, Desk>, request: SignRequest) -> Reply<SignoffItem> {
    desk.with(|s| s.sign_version(request))
}

/// The sign-offs, each checked against its version and the draft.
#[tauri::command]
#[specta::specta]
pub async fn signoffs(desk: State<'_, Desk>) -> Reply<Vec<SignoffItem>> {
    desk.with(|s| s.signoffs())
}

/// Writes the plan as a document (Markdown, HTML, Word or PDF) to a file.
#[tauri::command]
#[specta::specta]
pub async fn export_plan(desk: State<'_, Desk>, request: ExportRequest) -> Reply<ExportedFile> {
    desk.with(|s| s.export_plan(request))
}

/// The states' plans the export dialog offers, with the formats each is written in.
#[tauri::command]
#[specta::specta]
pub async fn export_profiles(desk: State<'_, Desk>) -> Reply<Vec<ExportProfileView>> {
    desk.with(|s| Ok(s.export_profiles()))
}

/// Opens an exported document in the program the desktop opens such files with.
#[tauri::command]
#[specta::specta]
pub async fn open_document(desk: State<'_, Desk>, path: String) -> Reply<()> {
    desk.with(|s| s.open_document(&path))
}

/// Shows the folder an exported document is in.
#[tauri::command]
#[specta::specta]
pub async fn show_document_in_folder(desk: State<'_, Desk>, path: String) -> Reply<()> {
    desk.with(|s| s.show_document_in_folder(&path))
}

/// Saves the open plan as it is on screen into a new plan file (when saving to its own fails).
#[tauri::command]
#[specta::specta]
pub async fn save_copy(desk: State<'_, Desk>, path: String, state: Vec<u8>) -> Reply<String> {
    desk.with(|s| s.save_copy(&path, &state))
}

/// Writes a copy of the open plan for a breakout table to work on apart.
#[tauri::command]
#[specta::specta]
pub async fn table_copy(desk: State<'_, Desk>, table: String, path: String) -> Reply<String> {
    desk.with(|s| s.table_copy(&table, &path))
}

/// Merges a table's copy or a bundle into the open plan, each change under its own author.
#[tauri::command]
#[specta::specta]
pub async fn merge_copy(
    desk: State<'_, Desk>,
    path: String,
    state_vector: Vec<u8>,
) -> Reply<MergeView> {
    desk.with(|s| s.merge_copy(&path, &state_vector))
}

/// Writes what the open plan holds, for another laptop to bundle for it.
#[tauri::command]
#[specta::specta]
pub async fn save_state(desk: State<'_, Desk>, path: String) -> Reply<String> {
    desk.with(|s| s.save_state(&path))
}

/// Writes a bundle of the open plan's changes that another copy lacks.
#[tauri::command]
#[specta::specta]
pub async fn save_bundle(
    desk: State<'_, Desk>,
    for_state: Option<String>,
    path: String,
) -> Reply<BundleView> {
    desk.with(|s| s.save_bundle(for_state.as_deref(), &path))
}

/// Copies what can still be read of a damaged plan file into a new one, and opens it.
#[tauri::command]
#[specta::specta]
pub async fn repair_plan(
    desk: State<'_, Desk>,
    damaged: String,
    copy: String,
) -> Reply<RepairView> {
    desk.with(|s| s.repair_plan(&damaged, &copy))
}

/// Writes the comparison of two versions as a redline document to a file.
#[tauri::command]
#[specta::specta]
pub async fn export_comparison(
    desk: State<'_, Desk>,
    request: ComparisonExportRequest,
) -> Reply<ExportedFile> {
    desk.with(|s| s.export_comparison(request))
}

/// Who changed what in a section, and when.
#[tauri::command]
#[specta::specta]
pub async fn section_history(desk: State<'_, Desk>, section: Section) -> Reply<SectionHistoryView> {
    desk.with(move |s| s.section_history(section))
}

/// What each person changed since a named version.
#[tauri::command]
#[specta::specta]
pub async fn merge_digest(desk: State<'_, Desk>, since: String) -> Reply<Vec<DigestPerson>> {
    desk.with(move |s| s.merge_digest(&since))
}

/// Hosts the open plan for the room.
#[tauri::command]
#[specta::specta]
pub async fn host_plan(desk: State<'_, Desk>) -> Reply<HostingView> {
    desk.with(|s| s.host_plan())
}

/// Stops hosting; the plan stays open alone.
#[tauri::command]
#[specta::specta]
pub async fn stop_hosting(desk: State<'_, Desk>) -> Reply<()> {
    desk.with(|s| s.stop_hosting())
}

/// The hosts announcing a plan on the local network.
#[tauri::command]
#[specta::specta]
pub async fn find_hosts() -> Reply<Vec<FoundHostView>> {
    DesktopSession::find_hosts()
}

/// Joins another laptop's session with a local copy of its plan.
#[tauri::command]
#[specta::specta]
pub async fn join_session(desk: State<'_, Desk>, request: JoinRequest) -> Reply<OpenedPlan> {
    desk.with(|s| s.join_session(request))
}

/// Leaves the session; the local copy stays open alone.
#[tauri::command]
#[specta::specta]
pub async fn leave_session(desk: State<'_, Desk>) -> Reply<()> {
    desk.with(|s| s.leave_session())
}

/// The open plan's session: who is here and whether this laptop is with them.
#[tauri::command]
#[specta::specta]
pub async fn session(desk: State<'_, Desk>) -> Reply<SessionView> {
    desk.with(|s| s.session())
}

/// Tells the others which section this person is in.
#[tauri::command]
#[specta::specta]
pub async fn set_section(desk: State<'_, Desk>, section: Option<String>) -> Reply<()> {
    desk.with(|s| s.set_section(section))
}

/// The room's running state: who facilitates, the block running, who is done.
#[tauri::command]
#[specta::specta]
pub async fn room(desk: State<'_, Desk>) -> Reply<RoomView> {
    desk.with(|s| s.room())
}

/// The facilitator's action on the room (refused on any other laptop).
#[tauri::command]
#[specta::specta]
pub async fn facilitate(desk: State<'_, Desk>, action: Facilitate) -> Reply<()> {
    desk.with(|s| s.facilitate(action))
}

/// Says this person is done with the running block, or not.
#[tauri::command]
#[specta::specta]
pub async fn set_done(desk: State<'_, Desk>, done: bool) -> Reply<()> {
    desk.with(|s| s.set_done(done))
}

/// Steps away from following the facilitator, or rejoins.
#[tauri::command]
#[specta::specta]
pub async fn set_away(desk: State<'_, Desk>, away: bool) -> Reply<()> {
    desk.with(|s| s.set_away(away))
}

/// The wall screen's news: the room or the plan changed.
#[tauri::command]
#[specta::specta]
pub async fn watch_room(desk: State<'_, Desk>, news: Channel<LiveNews>) -> Reply<()> {
    desk.with(move |s| {
        s.watch_room(move |n| {
            let _ = news.send(n);
        });
        Ok(())
    })
}

/// Opens the wall screen (the projector's window), or brings it forward if open.
#[tauri::command]
#[specta::specta]
pub async fn open_wall(app: tauri::AppHandle) -> Reply<()> {
    crate::open_wall(&app).map_err(|e| {
        UiError::new(
            UiErrorKind::Invalid,
            format!("could not open the wall screen ({e})"),
        )
    })
}

/// Closes the wall screen.
#[tauri::command]
#[specta::specta]
pub async fn close_wall(app: tauri::AppHandle) -> Reply<()> {
    if let Some(wall) = tauri::Manager::get_webview_window(&app, crate::WALL) {
        wall.close().map_err(|e| {
            UiError::new(
                UiErrorKind::Invalid,
                format!("could not close the wall screen ({e})"),
            )
        })?;
    }
    Ok(())
}

/// The votes, the parking lot and what can be voted on, with this person's own dots.
#[tauri::command]
#[specta::specta]
pub async fn room_record(desk: State<'_, Desk>) -> Reply<RoomRecord> {
    desk.with(|s| s.room_record())
}

/// The latest closed vote and its results (the wall screen's).
#[tauri::command]
#[specta::specta]
pub async fn latest_vote(desk: State<'_, Desk>) -> Reply<Option<VoteView>> {
    desk.with(|s| s.latest_vote())
}

/// Opens a vote (the facilitator only); returns its id.
#[tauri::command]
#[specta::specta]
pub async fn open_vote(desk: State<'_, Desk>, request: OpenVoteRequest) -> Reply<String> {
    desk.with(move |s| s.open_vote(request))
}

/// Places this person's dots on an open vote, replacing what they placed before.
#[tauri::command]
#[specta::specta]
pub async fn place_dots(desk: State<'_, Desk>, vote: String, dots: Vec<DotsOn>) -> Reply<()> {
    desk.with(move |s| s.place_dots(&vote, dots))
}

/// Closes a vote: its key is published and every laptop counts the dots.
#[tauri::command]
#[specta::specta]
pub async fn close_vote(desk: State<'_, Desk>, vote: String) -> Reply<()> {
    desk.with(move |s| s.close_vote(&vote))
}

/// Adds ideas to the parking lot, one per line.
#[tauri::command]
#[specta::specta]
pub async fn add_ideas(desk: State<'_, Desk>, text: String) -> Reply<Vec<String>> {
    desk.with(move |s| s.add_ideas(&text))
}

/// Turns an idea into a strategy, tactic or root cause; returns the new item's path.
#[tauri::command]
#[specta::specta]
pub async fn promote_idea(
    desk: State<'_, Desk>,
    idea: String,
    into: PromoteInto,
    strategy: Option<String>,
) -> Reply<String> {
    desk.with(move |s| s.promote_idea(&idea, into, strategy))
}

/// A capacity indicator's private rating round.
#[tauri::command]
#[specta::specta]
pub async fn rating_round(desk: State<'_, Desk>, indicator: String) -> Reply<RatingRoundView> {
    desk.with(move |s| s.rating_round(&indicator))
}

/// Opens a private rating round (the facilitator only).
#[tauri::command]
#[specta::specta]
pub async fn open_rating_round(desk: State<'_, Desk>, indicator: String) -> Reply<()> {
    desk.with(move |s| s.open_rating_round(&indicator))
}

/// Seals this person's rating to the open round (`null` withdraws it).
#[tauri::command]
#[specta::specta]
pub async fn seal_rating(
    desk: State<'_, Desk>,
    indicator: String,
    rating: Option<String>,
) -> Reply<()> {
    desk.with(move |s| s.seal_rating(&indicator, rating))
}

/// Reveals a rating round: its key is published and the spread shown.
#[tauri::command]
#[specta::specta]
pub async fn reveal_ratings(desk: State<'_, Desk>, indicator: String) -> Reply<RatingRoundView> {
    desk.with(move |s| s.reveal_ratings(&indicator))
}

/// Every command, for the invoke handler and the bindings.
pub fn all() -> tauri_specta::Commands<tauri::Wry> {
    tauri_specta::collect_commands![
        startup_plan,
        display_name,
        set_display_name,
        plans_folder,
        templates,
        recent_plans,
        list_folder,
        create_plan,
        open_plan,
        open_demo,
        apply,
        receive_update,
        catch_up,
        live,
        review,
        versions,
        create_version,
        set_me,
        close_plan,
        review_board,
        comment,
        reply,
        resolve_thread,
        reopen_thread,
        set_section_status,
        compare_versions,
        restore_version,
        sign_version,
        signoffs,
        export_plan,
        export_profiles,
        open_document,
        show_document_in_folder,
        save_copy,
        table_copy,
        merge_copy,
        save_state,
        save_bundle,
        repair_plan,
        export_comparison,
        section_history,
        merge_digest,
        host_plan,
        stop_hosting,
        find_hosts,
        join_session,
        leave_session,
        session,
        set_section,
        room,
        facilitate,
        set_done,
        set_away,
        watch_room,
        open_wall,
        close_wall,
        room_record,
        latest_vote,
        open_vote,
        place_dots,
        close_vote,
        add_ideas,
        promote_idea,
        rating_round,
        open_rating_round,
        seal_rating,
        reveal_ratings,
        decks,
        play_card,
        take_back,
        funding_cliffs,
        trade_offs,
        view_plan_with,
    ]
}

/// The trade-off card decks on offer (read afresh).
#[tauri::command]
#[specta::specta]
pub async fn decks(desk: State<'_, Desk>) -> Reply<DeckChoices> {
    desk.with(|s| s.decks())
}

/// Plays a card onto a tactic; answers with the balance, findings and cliffs it leaves.
#[tauri::command]
#[specta::specta]
pub async fn play_card(desk: State<'_, Desk>, request: PlayRequest) -> Reply<TradeOffResult> {
    desk.with(move |s| s.play_card(request))
}

/// Takes a card play back: the play and every ledger line it wrote.
#[tauri::command]
#[specta::specta]
pub async fn take_back(desk: State<'_, Desk>, play: String) -> Reply<TradeOffResult> {
    desk.with(move |s| s.take_back(&play))
}

/// The funding cliffs, for the ledger's chart.
#[tauri::command]
#[specta::specta]
pub async fn funding_cliffs(desk: State<'_, Desk>) -> Reply<Vec<CliffView>> {
    desk.with(|s| s.funding_cliffs())
}

/// The balance, findings, cliffs and stop-doing list as they stand.
#[tauri::command]
#[specta::specta]
pub async fn trade_offs(desk: State<'_, Desk>) -> Reply<TradeOffResult> {
    desk.with(|s| s.trade_offs())
}

/// Shows the open plan with another program's words and section order (a template id), or in
/// its own again (none); answers with the template the workspace then follows. Nothing is
/// written: the choice is this window's.
#[tauri::command]
#[specta::specta]
pub async fn view_plan_with(desk: State<'_, Desk>, lens: Option<String>) -> Reply<TemplateView> {
    desk.with(move |s| s.view_plan_with(lens))
}
