"""The synchronized-return planner: catalogue, strategies, CP-SAT, evaluator, no-return."""
