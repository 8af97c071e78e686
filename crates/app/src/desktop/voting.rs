//! Dot votes, the parking lot and private rating rounds from the desktop: the facilitator
//! opens and closes votes and rating rounds; each person places their own dots and seals their
//! own rating, as the team member they said they are; anyone adds ideas and promotes one.

use std::collections::BTreeMap;

use serde_json::json;
use throughline_plan::PlanCommand;

use super::at_hand::PlanAtHand;
use super::prefs::Prefs;
use super::session::DesktopSession;
use super::types::{UiError, UiErrorKind};
use super::voting_types::*;
use crate::clock::Now;
use crate::votes::{self, discuss_text, item_title, rating_flags, revealed_ratings, VOTABLE};
use crate::OpenPlan;

impl DesktopSession {
    /// The team member this person is in the open plan, if they said.
    fn me(&self) -> Result<Option<String>, UiError> {
        let plan_id = self.at_hand()?.read(|plan, _| plan.plan_id())?;
        Ok(Prefs::load(&self.home().prefs_file)
            .me
            .get(&plan_id)
            .cloned())
    }

    fn me_or_refuse(&self) -> Result<String, UiError> {
        self.me()?.ok_or_else(|| {
            UiError::new(
                UiErrorKind::Invalid,
                "say which team member you are first (Capacity, “I am”)",
            )
        })
    }

    /// Alone, or facilitating the session: the laptop that runs the room's votes and rounds.
    fn runs_the_room(&self) -> Result<bool, UiError> {
        Ok(match self.at_hand()? {
            PlanAtHand::Alone { .. } => true,
            _ => self.room()?.i_facilitate,
        })
    }

    fn refuse_unless_facilitating(&self) -> Result<(), UiError> {
        if self.runs_the_room()? {
            Ok(())
        } else {
            Err(UiError::new(
                UiErrorKind::Invalid,
                "only the facilitator opens votes and rating rounds",
            ))
        }
    }

    /// The votes, the parking lot and what can be voted on.
    pub fn room_record(&self) -> Result<RoomRecord, UiError> {
        let me = self.me()?;
        let may_run_votes = self.runs_the_room()?;
        let record = self
            .at_hand()?
            .read(|plan, _| record_of(plan, me.as_deref()))?;
        Ok(RoomRecord {
            may_run_votes,
            me,
            ..record
        })
    }

    /// The latest closed vote and its results, for the wall screen (which reads nothing of
    /// anyone's own dots).
    pub fn latest_vote(&self) -> Result<Option<VoteView>, UiError> {
        let content = self.at_hand()?.read(|plan, _| plan.content());
        Ok(votes::vote_views(&content)
            .into_iter()
            .filter(|v| !v.open)
            .max_by(|a, b| a.closed_at.cmp(&b.closed_at)))
    }

    /// Opens a vote; the facilitator's laptop keeps its key. Returns the vote's id.
    pub fn open_vote(&mut self, request: OpenVoteRequest) -> Result<String, UiError> {
        self.refuse_unless_facilitating()?;
        self.at_hand_mut()?.edit(|plan, _| {
            plan.open_vote(
                &request.question,
                &request.items,
                request.dots,
                &request.voters,
            )
        })
    }

    /// Places this person's dots on a vote (replacing what they placed before).
    pub fn place_dots(&mut self, vote: &str, dots: Vec<DotsOn>) -> Result<(), UiError> {
        let me = self.me_or_refuse()?;
        let mut placed: BTreeMap<String, u32> = BTreeMap::new();
        for d in dots {
            let entry = placed.entry(d.item).or_default();
            *entry = entry.saturating_add(d.dots);
        }
        self.at_hand_mut()?
            .edit(|plan, _| plan.place_dots(vote, &me, &placed))
    }

    /// Closes a vote: its key is published and every laptop counts the dots.
    pub fn close_vote(&mut self, vote: &str) -> Result<(), UiError> {
        self.refuse_unless_facilitating()?;
        self.at_hand_mut()?
            .edit(|plan, _| plan.close_vote(vote).map(|_| ()))?;
        self.tell_wall_plan_changed();
        Ok(())
    }

    /// Adds ideas to the parking lot, one per non-blank line (several lines pasted at once
    /// are several ideas), under this person's display name. Returns their ids.
    pub fn add_ideas(&mut self, text: &str) -> Result<Vec<String>, UiError> {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return Err(UiError::new(UiErrorKind::Invalid, "write the idea first"));
        }
        let author = self.author().to_string();
        let at = Now::read().rfc3339;
        let commands: Vec<PlanCommand> = lines
            .iter()
            .map(|line| PlanCommand::Add {
                to: "parking_lot".into(),
                fields: json!({ "text": line, "author": author, "at": at })
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
                after: None,
            })
            .collect();
        let applied = self
            .at_hand_mut()?
            .edit(|plan, _| plan.apply_all(&commands))?;
        Ok(applied.into_iter().filter_map(|a| a.id).collect())
    }

    /// Turns an idea into a strategy, tactic (under `strategy`) or root cause with its words.
    /// Returns the new item's path.
    pub fn promote_idea(
        &mut self,
        idea: &str,
        into: PromoteInto,
        strategy: Option<String>,
    ) -> Result<String, UiError> {
        let mut fields = serde_json::Map::new();
        if let (PromoteInto::Tactics, Some(s)) = (into, strategy) {
            fields.insert("strategy".into(), s.into());
        }
        let command = PlanCommand::Promote {
            idea: idea.to_string(),
            into: into.collection().to_string(),
            fields,
        };
        let applied = self.at_hand_mut()?.edit(|plan, _| plan.apply(&command))?;
        Ok(format!(
            "{}/{}",
            into.collection(),
            applied.id.unwrap_or_default()
        ))
    }

    /// A capacity indicator's rating round as this person sees it.
    pub fn rating_round(&self, indicator: &str) -> Result<RatingRoundView, UiError> {
        self.at_hand()?.read(|plan, _| round_of(plan, indicator))
    }

    /// Opens a private rating round on an indicator (the facilitator's laptop keeps its key).
    pub fn open_rating_round(&mut self, indicator: &str) -> Result<(), UiError> {
        self.refuse_unless_facilitating()?;
        self.at_hand_mut()?
            .edit(|plan, _| plan.open_rating_round(indicator))
    }

    /// Seals this person's rating (`None` withdraws it).
    pub fn seal_rating(&mut self, indicator: &str, rating: Option<String>) -> Result<(), UiError> {
        let me = self.me_or_refuse()?;
        self.at_hand_mut()?
            .edit(|plan, _| plan.seal_rating(indicator, &me, rating.as_deref()))
    }

    /// Reveals an indicator's round: the key is published, the spread shown.
    pub fn reveal_ratings(&mut self, indicator: &str) -> Result<RatingRoundView, UiError> {
        self.refuse_unless_facilitating()?;
        self.at_hand_mut()?
            .edit(|plan, _| plan.reveal_ratings(indicator).map(|_| ()))?;
        self.rating_round(indicator)
    }
}

fn record_of(plan: &OpenPlan, me: Option<&str>) -> Result<RoomRecord, UiError> {
    let content = plan.content();
    let whole = serde_json::to_value(&content).unwrap_or_default();
    let views = votes::vote_views(&content);
    let mut my_votes = Vec::with_capacity(views.len());
    for (vote, raw) in views.into_iter().zip(&content.votes) {
        let mine = match me {
            Some(m) => plan
                .my_dots(&vote.id, m)?
                .into_iter()
                .map(|(item, dots)| DotsOn { item, dots })
                .collect(),
            None => Vec::new(),
        };
        let may_vote = vote.open
            && me.is_some_and(|m| raw.voters.is_empty() || raw.voters.iter().any(|v| v == m));
        my_votes.push(MyVote {
            holds_key: plan.holds_round_key(&raw.public_key)?,
            may_vote,
            mine,
            vote,
        });
    }
    let ideas = content
        .parking_lot
        .iter()
        .map(|idea| {
            let path = format!("parking_lot/{}", idea.id);
            let dots = my_votes
                .iter()
                .filter(|v| !v.vote.open)
                .flat_map(|v| v.vote.items.iter())
                .filter(|i| i.item == path)
                .map(|i| i.dots)
                .sum();
            let promoted = Some(idea.promoted_to.clone()).filter(|p| !p.is_empty());
            IdeaView {
                id: idea.id.clone(),
                text: idea.text.clone(),
                author: idea.author.clone(),
                at: idea.at.clone(),
                dots,
                promoted_title: promoted.as_ref().map(|p| item_title(&whole, p)),
                promoted_to: promoted,
            }
        })
        .collect();
    let votable = VOTABLE
        .iter()
        .flat_map(|coll| {
            whole[*coll]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|i| i["id"].as_str())
                .map(|id| format!("{coll}/{id}"))
                .collect::<Vec<_>>()
        })
        .map(|item| VotableItem {
            title: item_title(&whole, &item),
            item,
        })
        .collect();
    Ok(RoomRecord {
        votes: my_votes,
        ideas,
        votable,
        may_run_votes: false,
        me: None,
    })
}

fn round_of(plan: &OpenPlan, indicator: &str) -> Result<RatingRoundView, UiError> {
    let content = plan.content();
    let ind = content
        .capacity
        .iter()
        .find(|c| c.id == indicator)
        .ok_or_else(|| {
            UiError::new(
                UiErrorKind::NotFound,
                format!("there is no capacity indicator with id `{indicator}`"),
            )
        })?;
    let levels = votes::scale_levels(&content);
    let whole = serde_json::to_value(&content).unwrap_or_default();
    let opened = revealed_ratings(ind, &votes::rating_keys(&content));
    let to_discuss = opened
        .as_ref()
        .map(|r| {
            rating_flags(r, &levels)
                .iter()
                .map(|d| discuss_text(&content, &whole, d))
                .collect()
        })
        .unwrap_or_default();
    Ok(RatingRoundView {
        indicator: indicator.to_string(),
        open: !ind.rating_key.is_empty() && opened.is_none(),
        revealed: opened.is_some(),
        sealed: u32::try_from(ind.sealed_ratings.len()).unwrap_or(u32::MAX),
        holds_key: plan.holds_round_key(&ind.rating_key)?,
        to_discuss,
    })
}
