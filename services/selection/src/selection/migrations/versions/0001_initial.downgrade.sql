DROP TABLE panel_scores, conflicts, assessors, bookings, interview_slots, assessment_results, candidates, programmes;
