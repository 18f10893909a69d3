# Reference values for coopnet.compare.regression (QAP regression), computed with statnet's `sna`.
#
# Regenerate (from the repository root) with
#
#     Rscript scripts/qap_reference.R
#
# Needs R with the packages `sna` (>= 2.7, which brings `network` and its `emon` data) and
# `jsonlite`; on Debian/Ubuntu:
#     apt-get install -y r-base-core r-cran-sna r-cran-jsonlite
#
# It writes
#   tests/data/emon_texas/         a classic dataset as a coopnet dataset folder: the Texas Hill
#                                  Country search-and-rescue EMON of Drabek et al. (1981), as
#                                  shipped in R's `network` package (data(emon)); weight =
#                                  5 - Frequency (so 4 = "continuously", 1 = "once a day or less")
#   tests/data/musterstadt_dyadic.csv  synthetic dyadic covariates for data/musterstadt
#                                  (shared_building, agreements; set.seed below)
#   tests/data/qap_reference.json  for each model: the specification coopnet runs, and sna's
#                                  estimates, standard errors, t/z statistics, fit statistics and
#                                  permutation p-values.
#
# The matrices are built here from the CSV files with coopnet's documented rules
# (docs/statistics.md), independently of the Python code:
#   * cells: ordered pairs i != j (directed, sna mode="digraph") or unordered pairs ("graph");
#   * ties of a period aggregated over tie types by the maximum weight; undirected = union of
#     both directions with the larger weight;
#   * actors without a value of a same_/diff_ attribute, or absent from the prior period, are
#     removed (all their dyads);
#   * unobserved cells (NA): directed -- every cell sent by a non-respondent; undirected -- the
#     dyads of two non-respondents (the prior-period tie is NA there too).
#
# Estimates come from sna::netlm / sna::netlogit (nullhyp="classical"); the logit estimates are
# also refitted with glm.fit at a tight tolerance, checked against netlogit's to 1e-6 and stored
# (netlogit's default glm.fit tolerance 1e-8 is on the deviance). Classical p-values: Student's t
# for OLS, the normal distribution for the logit (as summary.glm).
#
# Permutation p-values:
#   * emon (no missing cells once the actors with missing attributes are removed): sna's own
#     netlm/netlogit with nullhyp = "qapspp" and "qapy" and `reps` permutations;
#   * musterstadt (unobserved dyads of non-respondents): sna has no permutation that keeps the
#     missing cells in place, so the script implements coopnet's null -- the same double
#     semi-partialling / y-permutation, with permutations that exchange respondents among
#     respondents and non-respondents among non-respondents -- with sna's fitting code paths
#     (qr / glm.fit) and R's random numbers. It is an independent implementation of the same
#     test, not sna's.
# sna reports p = #{...} / reps; the stored values are those, coopnet's are (#{...} + 1) /
# (reps + 1); the tests allow for both and for Monte-Carlo error (tests/test_regression_reference.py).

suppressPackageStartupMessages({
  library(sna)
  library(jsonlite)
})

REPS <- 2000
set.seed(20240618)

# --- emon: export the Texas network as a coopnet dataset ---------------------------------------

data(emon)
tx <- emon$Texas
ids <- tx %v% "vertex.names"
fmt <- function(v) ifelse(is.na(v), "", format(v, trim = TRUE, scientific = FALSE))
emon_actors <- data.frame(
  id = ids,
  label = gsub(".", " ", ids, fixed = TRUE),
  Sponsorship = tx %v% "Sponsorship",
  Location = tx %v% "Location",
  Paid.Staff = fmt(tx %v% "Paid.Staff"),
  Volunteer.Staff = fmt(tx %v% "Volunteer.Staff"),
  Formalization = fmt(tx %v% "Formalization"),
  Decision.Rank.Score = fmt(tx %v% "Decision.Rank.Score"),
  Command.Rank.Score = fmt(tx %v% "Command.Rank.Score"),
  check.names = FALSE, stringsAsFactors = FALSE
)
el <- as.matrix(tx, matrix.type = "edgelist")
freq <- as.sociomatrix(tx, "Frequency")
emon_ties <- data.frame(
  source = ids[el[, 1]], target = ids[el[, 2]],
  weight = 5 - freq[cbind(el[, 1], el[, 2])],
  stringsAsFactors = FALSE
)
emon_ties <- emon_ties[order(emon_ties$source, emon_ties$target, method = "radix"), ]
dir.create("tests/data/emon_texas", showWarnings = FALSE, recursive = TRUE)
write.csv(emon_actors, "tests/data/emon_texas/actors.csv", row.names = FALSE, na = "")
write.csv(emon_ties, "tests/data/emon_texas/ties.csv", row.names = FALSE)
writeLines(c(
  'name = "EMON Texas"',
  paste0('description = "Texas Hill Country search-and-rescue EMON (Drabek et al. 1981), ',
         'from R package network, data(emon); weight = 5 - Frequency (4 = continuously)."'),
  "directed = true",
  'group = "Sponsorship"'
), "tests/data/emon_texas/dataset.toml")

# --- musterstadt: synthetic dyadic covariates ----------------------------------------------------

ms_actors <- read.csv("data/musterstadt/actors.csv", stringsAsFactors = FALSE,
                      na.strings = "", encoding = "UTF-8", check.names = FALSE)
ms_ties <- read.csv("data/musterstadt/ties.csv", stringsAsFactors = FALSE,
                    na.strings = "", encoding = "UTF-8")
all_pairs <- t(combn(sort(ms_actors$id, method = "radix"), 2))
same_grp <- ms_actors$group[match(all_pairs[, 1], ms_actors$id)] ==
  ms_actors$group[match(all_pairs[, 2], ms_actors$id)]
pick <- which(runif(nrow(all_pairs)) < ifelse(same_grp, 0.35, 0.03))
dyadic <- data.frame(
  source = all_pairs[pick, 1], target = all_pairs[pick, 2],
  shared_building = as.integer(runif(length(pick)) < 0.7),
  agreements = rpois(length(pick), 1.2),
  stringsAsFactors = FALSE
)
write.csv(dyadic, "tests/data/musterstadt_dyadic.csv", row.names = FALSE)

# --- building the matrices ------------------------------------------------------------------------

present_in <- function(actors, period) {
  if (is.null(period) || !("periods" %in% names(actors))) return(actors$id)
  p <- actors$periods
  actors$id[is.na(p) | sapply(strsplit(ifelse(is.na(p), "", p), ";"),
                              function(z) period %in% z)]
}

tie_matrix <- function(ties, period, ids, directed, weighted) {
  n <- length(ids)
  m <- matrix(0, n, n, dimnames = list(ids, ids))
  rows <- if (is.null(period) || !("period" %in% names(ties))) ties else
    ties[!is.na(ties$period) & ties$period == period, ]
  rows <- rows[rows$source %in% ids & rows$target %in% ids, ]
  for (k in seq_len(nrow(rows))) {
    s <- rows$source[k]; t <- rows$target[k]
    w <- if (weighted) rows$weight[k] else 1
    m[s, t] <- max(m[s, t], w)
  }
  if (!directed) m <- pmax(m, t(m))
  m
}

dyadic_matrix <- function(table, column, ids, directed) {
  n <- length(ids)
  m <- matrix(0, n, n, dimnames = list(ids, ids))
  key <- paste(table$source, table$target)
  for (k in seq_len(nrow(table))) {
    s <- table$source[k]; t <- table$target[k]
    if (!(s %in% ids && t %in% ids)) next
    m[s, t] <- table[[column]][k]
    if (!(paste(t, s) %in% key)) m[t, s] <- table[[column]][k]
  }
  m
}

build <- function(spec, actors, ties, dyadic_table = NULL) {
  ids <- sort(present_in(actors, spec$period), method = "radix")
  keep <- rep(TRUE, length(ids))
  attr_of <- function(col) actors[[col]][match(ids, actors$id)]
  for (col in c(spec$same, spec$diff)) keep <- keep & !is.na(attr_of(col))
  if (!is.null(spec$prior_period)) keep <- keep & ids %in% present_in(actors, spec$prior_period)
  ids <- ids[keep]
  n <- length(ids)
  y <- tie_matrix(ties, spec$period, ids, spec$directed, spec$weighted)
  responded <- if ("responded" %in% names(actors)) {
    r <- attr_of("responded")
    !(tolower(as.character(r)) %in% c("false"))
  } else rep(TRUE, n)
  holes <- matrix(FALSE, n, n)
  if (spec$directed) holes[!responded, ] <- TRUE else holes[!responded, !responded] <- TRUE
  diag(holes) <- FALSE
  y[holes] <- NA
  xs <- list()
  for (col in spec$same) {
    v <- attr_of(col)
    xs[[paste0("same_", col)]] <- outer(v, v, "==") * 1
  }
  for (col in spec$diff) {
    v <- as.numeric(attr_of(col))
    xs[[paste0("diff_", col)]] <- abs(outer(v, v, "-"))
  }
  if (!is.null(spec$prior_period)) {
    p <- tie_matrix(ties, spec$prior_period, ids, spec$directed, spec$weighted)
    p[holes] <- NA
    xs[[paste0("tie_", spec$prior_period)]] <- p
  }
  for (col in spec$dyadic_columns) xs[[col]] <- dyadic_matrix(dyadic_table, col, ids, spec$directed)
  list(ids = ids, y = y, xs = xs, strata = as.integer(!responded), holes = any(holes))
}

stack <- function(xs) {
  n <- nrow(xs[[1]])
  a <- array(NA_real_, c(length(xs), n, n))
  for (i in seq_along(xs)) a[i, , ] <- xs[[i]]
  if (length(xs) == 1) xs[[1]] else a
}

# --- fitting ----------------------------------------------------------------------------------

cells_of <- function(n, directed) {
  sel <- matrix(TRUE, n, n)
  diag(sel) <- FALSE
  if (!directed) sel[upper.tri(sel)] <- FALSE  # sna's mode = "graph": the lower triangle
  which(sel)
}

design_of <- function(b, directed) {
  idx <- cells_of(nrow(b$y), directed)
  X <- cbind(1, sapply(b$xs, function(m) m[idx]))
  colnames(X) <- c("intercept", names(b$xs))
  y <- b$y[idx]
  ok <- !is.na(y) & apply(!is.na(X), 1, all)
  list(idx = idx, X = X, y = y, ok = ok)
}

reference_fit <- function(b, spec) {
  mode <- if (spec$directed) "digraph" else "graph"
  d <- design_of(b, spec$directed)
  X <- d$X[d$ok, , drop = FALSE]
  y <- d$y[d$ok]
  out <- list(terms = colnames(X), n_actors = length(b$ids), n_cells = length(y))
  if (spec$model == "ols") {
    f <- suppressWarnings(netlm(b$y, stack(b$xs), mode = mode, nullhyp = "classical"))
    est <- as.numeric(f$coefficients)
    se <- est / as.numeric(f$tstat)
    rss <- sum(f$residuals^2)
    tss <- sum((y - mean(y))^2)
    out$estimate <- est
    out$std_error <- se
    out$statistic <- as.numeric(f$tstat)
    out$p_classical <- 2 * pt(-abs(out$statistic), f$df.residual)
    out$r_squared <- 1 - rss / tss
    out$adj_r_squared <- 1 - (1 - out$r_squared) * (length(y) - 1) / f$df.residual
    out$residual_std_error <- sqrt(rss / f$df.residual)
  } else {
    f <- suppressWarnings(netlogit(b$y, stack(b$xs), mode = mode, nullhyp = "classical"))
    tight <- glm.fit(X, y, family = binomial(), intercept = FALSE,
                     control = glm.control(epsilon = 1e-14, maxit = 100))
    stopifnot(max(abs(tight$coefficients - f$coefficients)) < 1e-6)
    se <- sqrt(diag(chol2inv(tight$qr$qr)))
    out$estimate <- as.numeric(tight$coefficients)
    out$std_error <- se
    out$statistic <- out$estimate / se
    out$p_classical <- 2 * pnorm(-abs(out$statistic))
    out$netlogit_estimate <- as.numeric(f$coefficients)
    out$deviance <- tight$deviance
    out$null_deviance <- glm.fit(matrix(1, length(y), 1), y, family = binomial(),
                                 intercept = FALSE)$deviance
    out$aic <- tight$aic
    out$aic_netlogit <- f$aic
    out$n_ties <- sum(y)
  }
  out
}

sna_permutation <- function(b, spec, nullhyp) {
  mode <- if (spec$directed) "digraph" else "graph"
  fn <- if (spec$model == "ols") netlm else netlogit
  f <- suppressWarnings(fn(b$y, stack(b$xs), mode = mode, nullhyp = nullhyp, reps = REPS))
  list(source = paste0("sna::", if (spec$model == "ols") "netlm" else "netlogit",
                       "(nullhyp = '", nullhyp, "')"),
       reps = REPS, p_value = as.numeric(f$pgreqabs), p_greater = as.numeric(f$pgreq),
       p_less = as.numeric(f$pleeq))
}

# coopnet's null with permutations within strata (respondents / non-respondents), using the
# fitting code paths of sna (qr for OLS t-values, glm.fit for logit z-values).
tstat_ols <- function(X, y) {
  q <- qr(X, tol = 1e-7)
  coef <- qr.coef(q, y)
  res <- qr.resid(q, y)
  df <- length(y) - q$rank
  coef / sqrt(diag(chol2inv(q$qr)) * sum(res^2) / df)
}
tstat_logit <- function(X, y) {
  f <- suppressWarnings(glm.fit(X, y, family = binomial(), intercept = FALSE))
  f$coefficients / sqrt(diag(chol2inv(f$qr$qr)))
}
strat_perm <- function(strata) {
  o <- seq_along(strata)
  for (s in unique(strata)) {
    m <- which(strata == s)
    o[m] <- if (length(m) > 1) sample(m) else m
  }
  o
}
stratified_permutation <- function(b, spec, nullhyp) {
  d <- design_of(b, spec$directed)
  n <- nrow(b$y)
  X <- d$X[d$ok, , drop = FALSE]
  y <- d$y[d$ok]
  idx <- d$idx[d$ok]
  tfun <- if (spec$model == "ols") tstat_ols else tstat_logit
  obs <- tfun(X, y)
  p <- ncol(X)
  dist <- matrix(NA_real_, REPS, p)
  if (nullhyp == "qapy") {
    ym <- b$y
    for (r in seq_len(REPS)) {
      o <- strat_perm(b$strata)
      yp <- ym[o, o][idx]
      dist[r, ] <- tfun(X, yp)
    }
  } else {
    for (k in seq_len(p)) {
      others <- X[, -k, drop = FALSE]
      res <- qr.resid(qr(others, tol = 1e-7), X[, k])
      em <- matrix(NA_real_, n, n)
      em[idx] <- res
      if (!spec$directed) em[upper.tri(em)] <- t(em)[upper.tri(em)]
      for (r in seq_len(REPS)) {
        o <- strat_perm(b$strata)
        z <- em[o, o][idx]
        dist[r, k] <- tfun(cbind(others, z), y)[p]
      }
    }
  }
  list(source = paste0("R, coopnet's stratified ", nullhyp, " (not sna)"), reps = REPS,
       p_value = colMeans(abs(dist) >= matrix(abs(obs), REPS, p, byrow = TRUE)),
       p_greater = colMeans(dist >= matrix(obs, REPS, p, byrow = TRUE)),
       p_less = colMeans(dist <= matrix(obs, REPS, p, byrow = TRUE)))
}

# --- the models ---------------------------------------------------------------------------------

spec <- function(name, dataset, model, directed, same = character(), diff = character(),
                 period = NULL, prior_period = NULL, weighted = FALSE, dyadic = NULL,
                 dyadic_columns = character(), nulls = c("qapspp", "qapy"), note = "") {
  list(name = name, dataset = dataset, model = model, directed = directed, same = same,
       diff = diff, period = period, prior_period = prior_period, weighted = weighted,
       dyadic = dyadic, dyadic_columns = dyadic_columns, nulls = nulls, note = note)
}

specs <- list(
  spec("emon_ols_directed", "tests/data/emon_texas", "ols", TRUE,
       same = c("Sponsorship", "Location"), diff = "Paid.Staff",
       note = "2 actors without Paid.Staff are removed; no missing cells remain"),
  spec("emon_logit_directed", "tests/data/emon_texas", "logit", TRUE,
       same = "Sponsorship", diff = c("Paid.Staff", "Formalization")),
  spec("emon_ols_weighted_undirected", "tests/data/emon_texas", "ols", FALSE, weighted = TRUE,
       same = "Sponsorship", diff = "Command.Rank.Score",
       note = "symmetrised (union, larger weight); 9 actors without Command.Rank.Score removed"),
  spec("musterstadt_ols_undirected", "data/musterstadt", "ols", FALSE,
       same = c("group", "sector", "level"), period = "2016", prior_period = "2014",
       note = "symmetrised 2016 ties; dyads of two non-respondents unobserved"),
  spec("musterstadt_logit_directed", "data/musterstadt", "logit", TRUE,
       same = c("group", "level"), period = "2016", prior_period = "2014",
       dyadic = "tests/data/musterstadt_dyadic.csv",
       dyadic_columns = c("shared_building", "agreements"),
       nulls = "qapspp",
       note = "directed 2016 nominations; cells sent by non-respondents unobserved"),
  spec("musterstadt_ols_weighted", "data/musterstadt", "ols", FALSE, weighted = TRUE,
       same = "group", period = "2022", dyadic = "tests/data/musterstadt_dyadic.csv",
       dyadic_columns = c("shared_building", "agreements"))
)

load_dataset <- function(folder) {
  a <- read.csv(file.path(folder, "actors.csv"), stringsAsFactors = FALSE, na.strings = "",
                encoding = "UTF-8", check.names = FALSE)
  t <- read.csv(file.path(folder, "ties.csv"), stringsAsFactors = FALSE, na.strings = "",
                encoding = "UTF-8")
  list(actors = a, ties = t)
}

models <- lapply(specs, function(s) {
  ds <- load_dataset(s$dataset)
  dy <- if (is.null(s$dyadic)) NULL else read.csv(s$dyadic, stringsAsFactors = FALSE)
  b <- build(s, ds$actors, ds$ties, dy)
  ref <- reference_fit(b, s)
  perms <- list()
  for (nh in s$nulls) {
    perms[[nh]] <- if (b$holes) stratified_permutation(b, s, nh) else sna_permutation(b, s, nh)
  }
  ref$permutation <- perms
  ref$excluded_actors <- setdiff(sort(present_in(ds$actors, s$period), method = "radix"), b$ids)
  cat(s$name, ":", ref$n_cells, "cells,", length(b$ids), "actors\n")
  list(name = s$name, note = s$note,
       spec = list(dataset = s$dataset, model = s$model, directed = s$directed,
                   weighted = s$weighted, same = I(s$same), diff = I(s$diff),
                   period = s$period, prior_period = s$prior_period, dyadic = s$dyadic),
       expected = ref)
})

doc <- list(
  generator = "scripts/qap_reference.R",
  r_version = R.version.string,
  sna_version = as.character(packageVersion("sna")),
  reps = REPS,
  models = models
)
write_json(doc, "tests/data/qap_reference.json", auto_unbox = TRUE, digits = NA, na = "null",
           pretty = TRUE, null = "null")
cat("wrote tests/data/qap_reference.json\n")
