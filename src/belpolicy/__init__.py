"""belpolicy: the library and CLI behind the living edition of
'Rethinking Western policy towards Belarus' (Chatham House, 2023)."""

__version__ = "0.1.0"
