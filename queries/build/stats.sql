-- Small-sample statistics for rates estimated from few observations (spot checks, branch counts).
-- Created with the indicator macros; they read no table.

-- Wilson score interval, 95% (z = 1.959964), for `successes` out of `n`; NULL when n = 0.
-- side = -1 gives the lower bound, +1 the upper; clamped to [0, 1] against rounding.
create or replace macro wilson_bound(successes, n, side) as
    case when n > 0 then greatest(0.0, least(1.0,
        (successes::DOUBLE / n + 1.959964 * 1.959964 / (2.0 * n)
         + side * 1.959964 * sqrt(successes::DOUBLE / n * (1 - successes::DOUBLE / n) / n
                                  + 1.959964 * 1.959964 / (4.0 * n * n)))
        / (1 + 1.959964 * 1.959964 / n)))
    end;

create or replace macro wilson_low(successes, n) as wilson_bound(successes, n, -1);

create or replace macro wilson_high(successes, n) as wilson_bound(successes, n, 1);

-- Empirical-Bayes (beta-binomial) estimate: the posterior mean under a Beta(k·p0, k·(1 − p0)) prior,
-- i.e. `successes` out of `n` pulled towards the prior mean p0 by k pseudo-observations.
-- Few observations stay near p0, many follow their own rate. NULL when there is no prior.
create or replace macro shrunk_rate(successes, n, p0, k) as
    case when p0 is not null then (successes + k * p0)::DOUBLE / (n + k) end;
