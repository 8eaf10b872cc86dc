"""The network's pages, one module per concern: /network/ (places, threads, posts,
moderation, one's inbox) and /ambassadors/ (people). Views ask `network_permissions`
(permissions.py) and call services; they never test a role inline. Visitors asked to
do something that needs an account are sent to log in; a thread a user may not read is
a 404 (its existence is not told)."""
