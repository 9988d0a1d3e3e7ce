"""The committee as it is: its page, officers, subgroups, experts and liaisons."""
