"""Making the triage model, never serving it: the synthetic generator and its scenarios, training, threshold
fitting, metrics, evaluation and plots. Serving (`triage.service`, `triage.decide`) never imports this package;
`one111 triage train|evaluate` does."""
