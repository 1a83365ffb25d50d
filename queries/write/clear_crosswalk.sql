-- Empty the crosswalk before it is derived again from the framework in force (ita/store/framework.py).
DELETE FROM item_crosswalk;
