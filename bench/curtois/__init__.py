"""The Curtois-Qu benchmark adapters: instance loader, solution writer, evaluator, run loop."""
