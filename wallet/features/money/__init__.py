"""Money: one view of every account and card, spending categories, recurring payments.

* :mod:`~wallet.features.money.categories`: the rule engine that gives each transaction a category
  (built-in rules as data in ``resources/money/categories.toml``, the person's own rules first);
* :mod:`~wallet.features.money.accounts`: accounts and cards across imports, balances over time, net
  worth per currency, conversions only at rates the person entered or a file carries, income and
  spending per month and category;
* :mod:`~wallet.features.money.recurring`: recurring payments and subscriptions with their next date.

No Qt here; the CLI (``mydata-wallet money ...``) and the views call these.
"""
