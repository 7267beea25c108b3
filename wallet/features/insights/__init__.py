"""Health insights computed on the laptop, nothing sent: where a person stands against published
references (:mod:`.growth` for children, :mod:`.guidelines` for adults, both through
:mod:`.standing`), trends and goals (:mod:`.trends`, :mod:`.goals`) and the monthly summary
(:mod:`.summary`).  Every number shown names its reference (:mod:`.references`): publisher,
year, population, licence and the formula used.  Facts, not advice: nothing here diagnoses.
"""
