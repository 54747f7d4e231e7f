"""``kiepe bench``: latency per turn, load, catalog scale and booking contention, side by side.

Everything runs in processes of its own, on 127.0.0.1 only:

* the Rasa server (``nlu.rasa_env.serve``) — the floor every turn stands on;
* the app (:mod:`benchmarks.appserver`) under uvicorn, with the Telegram channel answering into
  a recording ``BaseRequest`` (:mod:`benchmarks.telegram_rec`) and Twilio signatures checked;
* the client (:mod:`benchmarks.driver`): bare parses, Telegram webhook updates, signed Twilio
  ``Gather`` webhooks, and the load of concurrent web-chat conversations;
* the booking race (:mod:`benchmarks.contention`) and the catalog scale
  (:mod:`benchmarks.catalog_scale`, reusing :mod:`benchmarks.resolution`).

:mod:`benchmarks.runner` starts and stops them, repeats every figure ``--runs`` times and prints
one table (:mod:`benchmarks.report`) with the median of the runs.
"""
