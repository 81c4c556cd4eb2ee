-- The lane a call was served on: standard, flex (half price, best effort) or batch (an asynchronous job, half
-- price). A flex call that fell back to standard is recorded on the lane that served it, at that lane's price.
ALTER TABLE calls ADD COLUMN lane TEXT NOT NULL DEFAULT 'standard';
