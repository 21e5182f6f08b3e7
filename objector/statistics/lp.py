"""A thin wrapper over HiGHS (through highspy) for the linear programs of the statistics core.

The models here are small enough to build from coordinate lists; each wrapper keeps one HiGHS
instance so that re-solving with a new objective starts from the last basis (warm start), which
is what makes auditing thousands of suppressed cells affordable.
"""

from __future__ import annotations

import highspy
import numpy as np
from numpy.typing import NDArray

INF = highspy.kHighsInf

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


class ModelError(Exception):
    """HiGHS could not solve a model it was given (infeasible, or failed)."""


class Unbounded(Exception):
    """The objective has no bound: the cell can be anything an attacker likes."""


class Model:
    """min/max c·x subject to row_lower ≤ A x ≤ row_upper, col_lower ≤ x ≤ col_upper."""

    def __init__(
        self,
        *,
        num_cols: int,
        rows: Ints,
        cols: Ints,
        vals: Floats,
        row_lower: Floats,
        row_upper: Floats,
        col_lower: Floats,
        col_upper: Floats,
        integer: bool = False,
        warm: str = "primal",
        time_limit: float | None = None,
    ) -> None:
        num_rows = len(row_lower)
        order = np.lexsort((rows, cols))
        rows, cols, vals = rows[order], cols[order], vals[order]
        start = np.searchsorted(cols, np.arange(num_cols + 1)).astype(np.int32)
        lp = highspy.HighsLp()
        lp.num_col_ = num_cols
        lp.num_row_ = num_rows
        lp.col_cost_ = np.zeros(num_cols)
        lp.col_lower_ = np.asarray(col_lower, dtype=np.float64)
        lp.col_upper_ = np.asarray(col_upper, dtype=np.float64)
        lp.row_lower_ = np.asarray(row_lower, dtype=np.float64)
        lp.row_upper_ = np.asarray(row_upper, dtype=np.float64)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = start
        lp.a_matrix_.index_ = rows.astype(np.int32)
        lp.a_matrix_.value_ = vals.astype(np.float64)
        if integer:
            lp.integrality_ = [highspy.HighsVarType.kInteger] * num_cols
        self.num_cols = num_cols
        self.highs = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy is untyped here
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("threads", 1)
        if not integer:
            # Re-solving from the last basis: primal simplex after a new objective ("primal"),
            # dual simplex after new bounds ("dual"), takes tens of iterations where a fresh
            # presolve takes thousands.
            self.highs.setOptionValue("presolve", "off")
            self.highs.setOptionValue("simplex_strategy", 4 if warm == "primal" else 1)
        if time_limit is not None:
            self.highs.setOptionValue("time_limit", float(time_limit))
        self.highs.passModel(lp)
        self._cost_cols: Ints = np.zeros(0, dtype=np.int64)

    def set_costs(self, cols: Ints, costs: Floats) -> None:
        idx = np.asarray(cols, dtype=np.int32)
        self.highs.changeColsCost(len(idx), idx, np.asarray(costs, dtype=np.float64))

    def set_bounds(self, cols: Ints, lower: Floats, upper: Floats) -> None:
        idx = np.asarray(cols, dtype=np.int32)
        self.highs.changeColsBounds(
            len(idx), idx, np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64)
        )

    def solve(self, *, maximise: bool = False) -> Floats | None:
        """Solve; the solution, or None when the model is infeasible."""
        h = self.highs
        sense = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        h.changeObjectiveSense(sense)
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kModelEmpty:
            # No equation at all (everything suppressed): only the bounds x >= 0 hold.
            if maximise and bool(np.any(np.asarray(h.getLp().col_cost_) > 0)):
                raise Unbounded
            return np.zeros(self.num_cols)
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        if status == highspy.HighsModelStatus.kUnbounded:
            raise Unbounded
        has_solution = h.getInfo().primal_solution_status == 2  # kSolutionStatusFeasible
        if status != highspy.HighsModelStatus.kOptimal and not (
            status == highspy.HighsModelStatus.kTimeLimit and has_solution
        ):
            raise ModelError(h.modelStatusToString(status))
        return np.asarray(h.getSolution().col_value, dtype=np.float64)

    def optimise(self, cols: Ints, *, maximise: bool) -> Floats:
        """Minimise or maximise the sum of some columns (the last objective is cleared)."""
        if len(self._cost_cols):
            self.set_costs(self._cost_cols, np.zeros(len(self._cost_cols)))
        self._cost_cols = np.asarray(cols, dtype=np.int64)
        self.set_costs(self._cost_cols, np.ones(len(self._cost_cols)))
        x = self.solve(maximise=maximise)
        if x is None:
            raise ModelError("the published cells admit no table at all")
        return x

    def dual_bound(self) -> float:
        """The best bound HiGHS proved on the last (integer) solve."""
        return float(self.highs.getInfo().mip_dual_bound)
