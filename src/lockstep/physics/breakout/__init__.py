"""Breakout: time to produce a quantity of weapon-grade uranium from given stocks and machines."""

from lockstep.physics.breakout.kernel import FeedUse, GreedyPlan, greedy_single_step_plan

__all__ = ["FeedUse", "GreedyPlan", "greedy_single_step_plan"]
