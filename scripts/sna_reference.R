# Reference values for coopnet.metrics.structure, computed with statnet's `sna` package.
#
# Regenerate (from the repository root) with
#
#     Rscript scripts/sna_reference.R tests/metrics/sna_reference.json
#
# Needs R with the packages `sna` (>= 2.7) and `jsonlite`; on Debian/Ubuntu:
#     apt-get install -y r-base-core r-cran-sna r-cran-jsonlite
#
# The output lists ~a dozen small and medium graphs (edge lists with string actor ids, so the
# Python tests need no R) and, for each graph, the value of every measure as sna computes it.
# Where coopnet deliberately deviates from sna (see the docstrings of coopnet.metrics.structure),
# the script stores both sna's own value (key suffix `_sna`) and the value under coopnet's
# definition computed here from sna primitives (`geodist`, `component.dist`), so both the match
# and the documented difference are tested:
#
#   closeness_centralization      Freeman centralization of the Wasserman-Faust (reachable-pairs
#                                 scaled) closeness on outgoing distances, normalised by the
#                                 out-star (directed: n-1) or star (undirected) value;
#   closeness_centralization_sna  sna::centralization(., closeness, mode=gmode) (0 contribution
#                                 of every actor that cannot reach all others; directed maximum
#                                 (n-1)(1-1/n), so values above 1 occur);
#   transitivity                  global clustering of the weakly symmetrised graph, NA when the
#                                 graph has no two-path (sna::gtrans returns 1 there);
#   gtrans_sna                    sna::gtrans(., mode=gmode, measure="weak") for comparison (for
#                                 directed graphs this is *directed* transitivity);
#   efficiency                    for undirected graphs: 1 - (m - sum(s-1)) / sum(C(s,2) - (s-1))
#                                 over weak components of sizes s;
#   efficiency_sna                sna::efficiency on the (symmetric) sociomatrix.

suppressPackageStartupMessages({
  library(sna)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
out_path <- if (length(args) >= 1) args[[1]] else "tests/metrics/sna_reference.json"

# --- graph definitions ------------------------------------------------------------------------

edges_from_pairs <- function(pairs) {
  # pairs: character vector c("a", "b", "b", "c", ...) -> two-column character matrix
  matrix(pairs, ncol = 2, byrow = TRUE)
}

make_graph <- function(name, nodes, edges, directed, weights = NULL, note = "") {
  list(name = name, nodes = nodes, edges = edges, directed = directed, weights = weights,
       note = note)
}

letters_n <- function(n) sprintf("v%02d", seq_len(n))

random_graph <- function(name, n, p, directed, seed, note) {
  set.seed(seed)
  mode <- if (directed) "digraph" else "graph"
  a <- rgraph(n, tprob = p, mode = mode)
  nodes <- letters_n(n)
  idx <- which(a > 0, arr.ind = TRUE)
  if (!directed) idx <- idx[idx[, 1] < idx[, 2], , drop = FALSE]
  idx <- idx[order(idx[, 1], idx[, 2]), , drop = FALSE]
  edges <- cbind(nodes[idx[, 1]], nodes[idx[, 2]])
  weights <- sample(1:5, nrow(edges), replace = TRUE)
  make_graph(name, nodes, edges, directed, weights, note)
}

graphs <- list(
  make_graph("star_undirected", c("a", "b", "c", "d", "e", "f"),
             edges_from_pairs(c("a", "b", "a", "c", "a", "d", "a", "e", "a", "f")), FALSE,
             note = "star with centre a and five leaves"),
  make_graph("path_undirected", c("a", "b", "c", "d", "e"),
             edges_from_pairs(c("a", "b", "b", "c", "c", "d", "d", "e")), FALSE,
             weights = c(1, 2, 4, 1),
             note = "path a-b-c-d-e"),
  make_graph("two_cliques_bridge", c("a", "b", "c", "d", "e", "f", "g", "h"),
             edges_from_pairs(c("a", "b", "a", "c", "a", "d", "b", "c", "b", "d", "c", "d",
                                "e", "f", "e", "g", "e", "h", "f", "g", "f", "h", "g", "h",
                                "d", "e")), FALSE,
             note = "two K4 joined by the bridge d-e"),
  make_graph("components_isolates", c("a", "b", "c", "d", "e", "f", "g", "h"),
             edges_from_pairs(c("a", "b", "b", "c", "a", "c", "d", "e", "e", "f")), FALSE,
             note = "triangle a,b,c; path d-e-f; isolates g and h"),
  random_graph("random_undirected_25", 25, 0.15, FALSE, 20240611,
               "sna::rgraph(25, tprob=0.15, mode='graph'), set.seed(20240611), weights 1..5"),
  make_graph("out_star_directed", c("a", "b", "c", "d", "e"),
             edges_from_pairs(c("a", "b", "a", "c", "a", "d", "a", "e")), TRUE,
             note = "out-star: a -> b, c, d, e"),
  make_graph("out_tree_directed", c("r", "a", "b", "a1", "a2", "b1", "b2"),
             edges_from_pairs(c("r", "a", "r", "b", "a", "a1", "a", "a2", "b", "b1",
                                "b", "b2")), TRUE,
             note = "binary out-tree of depth 2 rooted at r"),
  make_graph("mutual_dyad", c("a", "b"), edges_from_pairs(c("a", "b", "b", "a")), TRUE,
             note = "a <-> b"),
  make_graph("directed_mixed", c("a", "b", "c", "d", "e", "f", "g", "h", "i"),
             edges_from_pairs(c("a", "b", "b", "c", "c", "a", "c", "d", "d", "e",
                                "f", "g", "h", "g")), TRUE,
             weights = c(1, 2, 1, 3, 1, 2, 1),
             note = "3-cycle a->b->c->a, chain c->d->e; f->g<-h; isolate i"),
  make_graph("two_bosses", c("A", "B", "C", "i", "j"),
             edges_from_pairs(c("A", "C", "B", "C", "C", "i", "C", "j")), TRUE,
             note = "A->C<-B, C->i, C->j: sna's LUB code and help page disagree here"),
  make_graph("strongly_connected", letters_n(8),
             edges_from_pairs(c("v01", "v02", "v02", "v03", "v03", "v04", "v04", "v05",
                                "v05", "v06", "v06", "v07", "v07", "v08", "v08", "v01",
                                "v01", "v05", "v03", "v01", "v06", "v02", "v05", "v04")), TRUE,
             note = "directed 8-cycle with four chords (strongly connected)"),
  random_graph("random_directed_30", 30, 0.08, TRUE, 20240612,
               "sna::rgraph(30, tprob=0.08), set.seed(20240612), weights 1..5"),
  random_graph("random_directed_40_sparse", 40, 0.04, TRUE, 20240613,
               "sna::rgraph(40, tprob=0.04), set.seed(20240613), weights 1..5")
)

# --- measures ---------------------------------------------------------------------------------

na_if_nan <- function(x) if (is.nan(x) || is.na(x)) NA_real_ else x

sociomatrix <- function(g, values = NULL) {
  n <- length(g$nodes)
  m <- matrix(0, n, n, dimnames = list(g$nodes, g$nodes))
  if (nrow(g$edges) > 0) {
    v <- if (is.null(values)) rep(1, nrow(g$edges)) else values
    for (k in seq_len(nrow(g$edges))) {
      m[g$edges[k, 1], g$edges[k, 2]] <- v[k]
      if (!g$directed) m[g$edges[k, 2], g$edges[k, 1]] <- v[k]
    }
  }
  m
}

average_path_length <- function(gd) {
  diag(gd) <- NA
  d <- gd[is.finite(gd)]
  if (length(d) == 0) NA_real_ else mean(d)
}

wf_closeness_centralization <- function(m, directed) {
  n <- nrow(m)
  if (n < 3) return(NA_real_)
  gd <- geodist(m)$gdist  # row i: distances from i (outgoing)
  diag(gd) <- NA
  clo <- apply(gd, 1, function(z) {
    r <- sum(is.finite(z))
    if (r == 0) 0 else (r / (n - 1)) * (r / sum(z[is.finite(z)]))
  })
  norm <- if (directed) n - 1 else (n - 1) * (n - 2) / (2 * n - 3)
  sum(max(clo) - clo) / norm
}

global_transitivity <- function(m) {
  a <- symmetrize(m, rule = "weak")
  diag(a) <- 0
  a2 <- a %*% a
  diag(a2) <- 0
  if (sum(a2) == 0) NA_real_ else sum(a * a2) / sum(a2)
}

undirected_efficiency <- function(m, n_edges) {
  cs <- component.dist(m, connected = "weak")$csize
  maxv <- sum(choose(cs, 2) - (cs - 1))
  if (maxv == 0) NA_real_ else 1 - (n_edges - sum(cs - 1)) / maxv
}

measures <- function(g) {
  m <- sociomatrix(g)
  n <- nrow(m)
  gm <- if (g$directed) "digraph" else "graph"
  n_ties <- nrow(g$edges)
  res <- list(
    n_actors = n,
    n_ties = n_ties,
    density = gden(m, mode = gm),
    reciprocity = grecip(m, measure = "edgewise"),
    degree_centralization = centralization(m, degree, mode = gm),
    betweenness_centralization = centralization(m, betweenness, mode = gm),
    closeness_centralization = wf_closeness_centralization(m, g$directed),
    closeness_centralization_sna = centralization(m, closeness, mode = gm),
    transitivity = global_transitivity(m),
    gtrans_sna = gtrans(m, mode = gm, measure = "weak"),
    average_path_length = average_path_length(geodist(m)$gdist),
    connectedness = connectedness(m),
    hierarchy = hierarchy(m, measure = "krackhardt"),
    efficiency = if (g$directed) efficiency(m) else undirected_efficiency(m, n_ties),
    efficiency_sna = efficiency(m),
    lub_ness = lubness(m)
  )
  if (!is.null(g$weights)) {
    lengths <- sociomatrix(g, 1 / g$weights)
    res$average_path_length_weighted <-
      average_path_length(geodist(lengths, ignore.eval = FALSE)$gdist)
  }
  lapply(res, function(x) na_if_nan(as.numeric(x)))
}

out <- lapply(graphs, function(g) {
  list(
    name = g$name,
    note = g$note,
    directed = g$directed,
    nodes = g$nodes,
    edges = lapply(seq_len(nrow(g$edges)), function(k) {
      if (is.null(g$weights)) list(g$edges[k, 1], g$edges[k, 2])
      else list(g$edges[k, 1], g$edges[k, 2], g$weights[k])
    }),
    expected = measures(g)
  )
})

doc <- list(
  generator = "scripts/sna_reference.R",
  r_version = R.version.string,
  sna_version = as.character(packageVersion("sna")),
  graphs = out
)
write_json(doc, out_path, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE)
cat("wrote", out_path, "\n")
