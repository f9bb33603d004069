-- One row: the dataset's kind, build time, as-of date and first activity date. Params: none
select
    m.dataset_kind,
    m.built_at,
    m.as_of_date,
    m.sample_scale,
    (select min(activity_date) from activities) as data_start
from meta as m
