"""Issue 15 round 22: babies', children's and teenagers' emergencies told in a parent's, a carer's or their own
words (hazard row T-115), and five over-fires met on the way (T-116).

Two blind batches of 40 (0 to 4 years; 5 to 17 years), written by helpers from NICE NG143, NG51, NG9, NG217, CKS,
NHS.uk and RCPCH advice, told the way parents tell them ("his legs have gone this funny purple lacy pattern, like
corned beef", "every so often he just... forgets to breathe"). Before this change 19 and 12 of them were a call
back or below, and 9 more an ED the advice makes a 999. Each is kept here as written, with the least urgent answer it
must now get: the advice's own where a rule gives it, else A&E (four that the advice makes a 999 stay at A&E; the
model card names them).
"""

from __future__ import annotations

import pytest

from models.vocabulary import Disposition
from tests.triage.reports import assess, flags
from triage import rules
from triage.schemas import parse_report
from triage.service import Triager, default_artifacts_dir

D = Disposition
# (report as written, age, the least urgent answer it must get)
TOLD_BY_PARENTS = [
    (
        "Sorry it's late. My little boy is 7 months. He's had a temp since teatime, calpol brought it down a bit at "
        "6 but now he feels like a hot water bottle on his tummy and back, yet his hands and feet are freezing, "
        "I've had socks on him for an hour and they're still like ice. When I took his sleepsuit off his legs have "
        "gone this funny purple lacy pattern, like corned beef. He didn't want his bottle at all, just turned his "
        "head away. My mum says it's just his teeth coming, he's been dribbling loads. Should I just keep an eye?",
        0.58,
        D.CALL_999,
    ),
    (
        "My 5 month old has had a temperature all day and he's so unsettled, but the strange thing is he screams "
        "MORE when I pick him up for a cuddle, and goes quieter when I lay him back down in the cot, which is the "
        "opposite of normal. His cry has gone sort of moany and whiny, not his proper cry. And the soft bit on top "
        "of his head feels raised up and tight, like a little dome, when he's lying still. He was sick once after "
        "his bottle. Partner thinks it's an ear infection.",
        0.42,
        D.CALL_999,
    ),
    (
        "We were told at the GP on Monday it was bronchiolitis and it would peak day 3 to 5, it's day 4. She's 2 "
        "months. The problem is feeding, she'll take maybe 30 ml then pulls off the bottle puffing like she's run a "
        "marathon, normally she has 120. Since last night I reckon she's had less than half what she'd usually "
        "drink in a day. 3 wet nappies since yesterday teatime. She's not too hot. Breathing looks busy but I don't "
        "know what's normal for a cold.",
        0.17,
        D.ED,
    ),
    (
        "my 6 week old has a chesty cold, been watching him sleep in the moses basket and every so often he just... "
        "forgets to breathe? his chest goes completely still, i counted to about 12 one time, then he does a big "
        "gasp and carries on. its happened 4 or 5 times in the last hour. hes feeding ok ish",
        0.12,
        D.CALL_999,
    ),
    (
        "Just now in the bath my 3 month old's face and lips went the colour of a plum and then sort of greyish "
        "like old putty, and she went all limp in my hands, maybe 15-20 seconds, her eyes were open but staring at "
        "nothing. I whipped her out and rubbed her back and she came back pink and cried. She seems ok now, having "
        "a feed. Do I still need to do anything, I don't want to waste anyone's time",
        0.25,
        D.CALL_999,
    ),
    (
        "hello my english not so good sorry. my son 10 month. 2 day he have diarrhea very much, like water, and "
        "vomit. from morning the nappy is dry, no pee pee all day, now is 7 evening. his eye look go inside, deep. "
        "he cry but no water come from eye. the soft place on head is go down like hole. he sleep very much, not "
        "play. I give him water with spoon he vomit. what I do",
        0.83,
        D.ED,
    ),
    (
        "PLEASE my son is 20 months he had a temp of 39 and now his whole body is doing these rhythmic twitches and "
        "his eyes are rolled to one side, theres froth at his mouth, he won't look at me. its been going 6 minutes "
        "now by the oven clock and hasn't stopped. never happened before",
        1.7,
        D.CALL_999,
    ),
    (
        "She's 14 months, pulled my mug of tea off the coffee table by the tablecloth corner, it went down her "
        "front. I've had her under the cool tap 20 mins like it says. Where it went the skin has wrinkled and slid "
        "off like wet tissue paper, the patch goes from her neck across most of her chest, much bigger than my "
        "palm. Underneath is shiny and pink with some paler bits. She's stopped screaming now and is a bit quiet. "
        "Can I just put cling film on it?",
        1.2,
        D.ED,
    ),
    (
        "found my 22 month old with the sky remote, he's had the back off it, it takes two of those round flat "
        "silver coin things and there's only one in. checked the floor, sofa, down the cushions, nothing. he's "
        "acting totally normal, eating a yoghurt right now. maybe it was only ever one in there? my husband thinks "
        "he'd be choking if he'd had it.",
        1.8,
        D.ED,
    ),
    (
        "my 2 and a half year old has been playing with the magnetic fridge letters and the little black disc "
        "things have come off the back of three of them. i can find the letters but not the discs. when i asked "
        "where they went i just got 'yum' and a big grin. bit of a tummy ache apparently but otherwise fine. do i "
        "wait for them to come out the other end?",
        2.5,
        D.ED,
    ),
    (
        "My grandson (2 and a half) got into my shed while I was mowing. I keep the blue stuff for the car windows "
        "in an old lemonade bottle, and the lid was off and it's gone down a bit. His mouth smells of it, sort of "
        "chemically sweet. He's been sick once and says his tummy hurts. He's running around though. I've given him "
        "some milk.",
        2.5,
        D.ED,
    ),
    (
        "she's 7 weeks, she's had this cough a week that comes in long strings, cough cough cough without getting a "
        "breath in between. the last two times she went dark red then purple and limp at the end of it and it took "
        "ages, maybe 10 seconds, before she sucked a breath back in. she hasn't had her first jabs yet, they're "
        "next week.",
        0.13,
        D.CALL_999,
    ),
    (
        "he's 2, barky cough since last night. right now he's sat quietly on my knee watching bluey and every "
        "single breath in makes a harsh rasping crowing noise like a rusty gate, even though he's calm. and there's "
        "a hollow that caves in at the base of his neck above his chest bone each time. he looks tired and a bit "
        "grey round the edges. we did steam in the bathroom, made no difference. GP gave him the steroid medicine "
        "yesterday.",
        2.0,
        D.CALL_999,
    ),
    (
        "Weaning my 6 month old, today was her first go at scrambled egg. About 10 minutes later her face puffed "
        "right up, eyes nearly shut, her lips look like she's had fillers, she's come out in raised white lumps on "
        "her neck. She's been sick twice and now she's gone very quiet and heavy in my arms and pale, not crying "
        "anymore. Her big brother is allergic to nuts but we've never had a problem with eggs.",
        0.5,
        D.CALL_999,
    ),
    (
        "At a 3rd birthday party, my son ate half a sandwich and we've just found out it was peanut butter, we "
        "didn't know he was allergic. He's sounding like he's got a frog in his throat, keeps clawing at his neck "
        "and coughing, he's got big raised welts coming up everywhere. Another mum gave him some piriton. He's "
        "saying his tummy hurts too.",
        3.0,
        D.CALL_999,
    ),
    (
        "Childminder here, I have a 10 month old boy with me, no temperature, he was sitting playing with blocks "
        "and suddenly went rigid as a board, arms straight out, eyes rolled right up to the ceiling and his lips "
        "went dark, about a minute. His arms were going like he was shivering. He's now very sleepy and just lying "
        "on the mat breathing loudly. Nothing like this before that mum has mentioned. I've left messages for mum.",
        0.83,
        D.CALL_999,
    ),
    (
        "Nursery practitioner. Girl in my room, 2, came in fine at 8, by 11 she was burning up 39.6 and lying on "
        "the book corner cushions which isn't her. At nappy change I noticed little dots on her tummy and thighs "
        "like someone's flicked red biro at her. I stretched the skin either side with two fingers like on the "
        "poster and they didn't go paler at all. There's a couple more now than 10 minutes ago. Manager says ring "
        "mum to collect.",
        2.0,
        D.CALL_999,
    ),
    (
        "I went in to check my 4 month old and he'd rolled onto his front with his face squashed into the cot "
        "bumper. He was a grey putty colour and I couldn't see his chest moving at all. I grabbed him and rubbed "
        "his back hard and he did a big gasp and then cried. He's breathing now and pinking up on my chest but he's "
        "quieter than usual. It was maybe a minute ago. I feel sick.",
        0.33,
        D.CALL_999,
    ),
    (
        "Not sure if this is an emergency. My 2 year old has been absolutely desperate for drinks for about 3 "
        "weeks, he even tried to drink the bath water, and his nappies are so heavy they leak through his trousers. "
        "He's got thinner. Today he's been sick a few times, he's dopey and his breath smells sweet, like pear "
        "drops or nail varnish remover, and he's breathing really deep and heavy even when lying down. GP "
        "appointment Thursday.",
        2.0,
        D.ED,
    ),
    (
        "my 3 yr old fell off the top of the big slide at the park, must be 2 metres, landed on the side of her "
        "head on the hard tarmac bit not the spongy bit. she didn't make a sound for what felt like 10 seconds, "
        "eyes open but glassy like nobody home, then screamed. she's ok now, eating crisps in the buggy. big egg on "
        "her head.",
        3.0,
        D.ED,
    ),
    (
        "Dad here. My son is 2. He's had a high temperature for 5 days now that the Tylenol and Motrin barely "
        "touch. Both his eyes are bright red but no gunk, his lips are cracked, really red and peeling, his tongue "
        "looks like a strawberry, and today his hands and feet are puffy and red and there's a rash on his body. "
        "He's so grumpy, you can't console him. GP said on day 2 it was a virus.",
        2.0,
        D.ED,
    ),
    (
        "my 3 year old put a 2p in his mouth and it went down, he gagged and then seemed ok. that was at lunch. now "
        "it's teatime and he's dribbling loads, won't eat his tea, says it hurts in his chest when he swallows and "
        "he spat his juice back out. he's chatting away otherwise",
        3.0,
        D.ED,
    ),
    (
        "5 weeks old with a cold from her brothers. She's making a little 'eh... eh... eh' noise at the end of "
        "every breath out, like she's straining, and her nostrils open and close with each breath. She's warm, "
        "37.9. She takes a few sucks then stops. My husband says newborns make all sorts of noises.",
        0.1,
        D.CALL_999,
    ),
    (
        "18 month old, temp 39.8 since this afternoon. She'd normally be babbling away and chasing the cat. Her "
        "brother was doing peekaboo right in front of her and she didn't even crack a smile, she just stares past "
        "him at the wall with this blank look. She's awake, eyes open. Had a couple of mouthfuls of milk. Nurofen "
        "at 5.",
        1.5,
        D.ED,
    ),
    (
        "My 3 month old has been poorly with sickness and a temp for a day. She's been asleep since 2 and it's now "
        "6. I've changed her nappy, undressed her, wiped her face with a cold flannel and she just won't open her "
        "eyes, she makes a little murmur and goes straight back off. Her nappy was only a bit damp. She's always a "
        "good sleeper, my mother in law says let her sleep it off.",
        0.25,
        D.CALL_999,
    ),
    (
        "Hi, I'm a PE teacher at a secondary school, ringing about a year 7 lad. Last few weeks he's asked to go to "
        "the loo in pretty much every lesson and he's forever refilling his water bottle, his blazer is hanging off "
        "him now. Today he sat out of football, threw up twice in the changing rooms and he's sat on the bench "
        "taking these big slow heavy breaths like he's just done a bleep test, even tho he hasn't moved. His breath "
        "smells sort of sweet, like nail varnish remover. He's chatting ok and says he just wants to go home. Cant "
        "get hold of mum, she's at work. Shall we just send him home with a mate?",
        11,
        D.ED,
    ),
    (
        "my pump tubing must of come out in my sleep didnt notice till like 7. libre just says HI and the ketone "
        "strip thing said 3.9. been sick 3 times and my belly kills. did a pen correction an hour ago but ketones "
        "still 3 point something. mums asleep after a night shift dont wanna wake her lol. can i just wait it out "
        "and drink water",
        15,
        D.ED,
    ),
    (
        "Scout leader here, we're on camp in the Peak District. One of my cubs, he's 9, has asthma. Started "
        "coughing round the campfire (smoke probably). We've done his blue inhaler through the spacer, 10 puffs "
        "now, one a minute like his card says, and it hasn't made a blind bit of difference. He's perched on the "
        "edge of the camp bed leaning on his knees with his shoulders hunched right up and he stops to gulp air "
        "after every couple of words. Lips look normal-ish. He did eat his hot dog earlier. Parents are 2 hours "
        "away, do we drive him to them?",
        9,
        D.CALL_999,
    ),
    (
        "My daughter's 10. Yesterday she said her tummy hurt round her belly button, we put it down to the pizza. "
        "Today the pain's moved low down by her right hip bone, she's walking round bent over like an old lady and "
        "when she jumped off the bottom stair she screamed. Temp 37.9. She hasnt wanted breakfast or lunch which "
        "isn't like her at all. School nurse said it's probably the virus that's going round.",
        10,
        D.ED,
    ),
    (
        "She was trying a backflip on the garden trampoline and came down on her head and neck. She's lying on the "
        "mat saying the back of her neck really hurts and both her arms feel 'fizzy, like when your foot goes to "
        "sleep'. She wants to get up and go inside cos she's cold. I've told her to stay put. She's talking and "
        "crying, knows who I am. Can I help her up and give her some calpol?",
        12,
        D.CALL_999,
    ),
    (
        "Bonfire night at my brother in law's and my lad (13) was holding a rocket when it went off in his hand. "
        "The palm and two fingers are blackened and the skin's come away in places, underneath looks white and "
        "shiny, not red. Weirdly he says the middle doesn't hurt much which I suppose is a good sign? We've had it "
        "under the cold tap 20 mins. He's being brave about it and still wants to watch the display.",
        13,
        D.ED,
    ),
    (
        "Football coach. A 15 year old just dropped in the middle of a sprint at training, nobody touched him. He's "
        "on the grass with his eyes half open making these snorty gaspy noises every now and then, not really "
        "breathing properly, and not answering us. One of the dads thinks he's fainted from the heat and says to "
        "get his legs up in the air. Is that right?",
        15,
        D.CALL_999,
    ),
    (
        "started the combined pill about 6 weeks ago. since this arvo i cant get my breath, even walking to the "
        "kitchen, and i get a stabbing pain on the left side of my chest every time i breath in. coughed and there "
        "was a bit of pinky blood in the tissue. my legs look normal. heart is going fast. probably just anxiety "
        "tbh? i have a test tmrw",
        17,
        D.ED,
    ),
    (
        "My son is 12 and has sickle cell. Pain in his back and both legs started last night. We've given his "
        "ibuprofen and paracetamol and the codeine the hospital gave us, hot water bottle, loads of water, and none "
        "of it is touching it, he's crying and cant get comfy. Now he's 38.4. He did play Xbox for a bit this "
        "morning. The haematology nurse line is just ringing out.",
        12,
        D.ED,
    ),
    (
        "My 14 year old came into our room at midnight shaking. She says there's a man's voice in her head that's "
        "been telling her to jump out of her bedroom window, it's getting louder and she's scared she'll actually "
        "do it. Her room is on the 2nd floor. She's been really withdrawn since Christmas and stopped seeing her "
        "friends. She's in our bed now, a bit calmer. We dont want to overreact.",
        14,
        D.MENTAL_HEALTH_CRISIS,
    ),
    (
        "Gave my 7yo calpol at 6 for a temp of 39.8, he's had a cough and cold 3 days. Now he's talking absolute "
        "nonsense, keeps saying there's ants crawling on the wall, called me Nana, and doesnt seem to realise he's "
        "in his own bedroom. He's breathing quite fast. He did have a yoghurt earlier. Is it just the fever making "
        "him silly?",
        7,
        D.ED,
    ),
    (
        "school reception here - a year 8 student was brought to the office from netball, they grabbed the back of "
        "their head and screamed, says it's the worst headache of their life, came on in like a second. they've "
        "been sick twice into the bin and now they keep closing their eyes and it's hard to keep them talking. no "
        "bang to the head that anyone saw. we've put an ice pack on. parent is on the way from work, about 40 mins",
        13,
        D.ED,
    ),
    (
        "She's got epilepsy. It started at 7:10, the shaking in her right arm then all over, I gave the buccal "
        "midazolam in her cheek at 7:16 like her care plan says and it's still going, it's 7:24 now. She's making a "
        "gurgly noise. Her dad says give it a few more minutes, it normally stops by itself. She'd been fine all "
        "day, had her tea and everything.",
        12,
        D.CALL_999,
    ),
    (
        "My 6 year old had a stomach bug about 2 weeks ago, all better now. Since yesterday he keeps falling over, "
        "this morning his legs just gave out on the way to the bathroom, like a newborn foal, and tonight he "
        "couldnt hold his sippy cup, kept dropping it. Says his feet feel tingly. He's chatty and watching Bluey. "
        "Could it just be growing pains? His mom thinks he's just tired.",
        6,
        D.ED,
    ),
    (
        "Hi I'm on reception at a secondary school. A year 9 girl has come to the office at the end of the day in "
        "floods of tears and says she doesn't feel safe to go home. She keeps saying she has thoughts about not "
        "being here any more and she can't promise she'll be ok tonight. She's sat with our pastoral lead now, "
        "eating a biscuit. Her mum's phone is off. What should we be doing?",
        13,
        D.MENTAL_HEALTH_CRISIS,
    ),
]

# Round 22, T-118: a third blind batch, babies under one, told in wordings the rules above did not yet read ("he's
# like a rag doll", "her breathing has just halted", "the skin between his ribs ... dragging in", "i think she eat
# the small round battery"). Six were a call back or below and eleven an A&E that NHS.uk makes a 999.
UNDER_ONE = [
    (
        "My 4 month old had a temp of 39.5 at tea time, I gave her Calpol. Now her hands and feet are freezing even "
        "though her body is still hot, and her legs have gone a patchy purple-and-white marbly colour. She's "
        "breathing really quick and she just lies there, she's not even looking at me when I talk to her. Normally "
        "she'd be kicking and chatting away.",
        0.33,
        D.CALL_999,
    ),
    (
        "Grandad here, looking after my grandson who is 5 months. He's been burning up, 39.8 on the thermometer. In "
        "the last half hour he's gone white as a sheet, his lips have gone a dull purplish colour and he's panting, "
        "fast shallow little breaths. He took about an ounce of his bottle and turned his head away. Should I ring "
        "his mum first?",
        0.42,
        D.CALL_999,
    ),
    (
        "hi my baby is 8 months shes had a temp 2 days n been off her food. tonight shes gone like a greyish colour "
        "and she keeps nodding off even wen i take her clothes off n tickle her feet. shes breathin fast. her "
        "nappys been dry since like 10 this mornin",
        0.67,
        D.CALL_999,
    ),
    (
        "2 month old boy with a snotty cold for 3 days. Tonight his breathing is scary fast, I counted it with my "
        "phone timer and it was 74 in a minute. His belly is heaving in and out, I can see the skin between his "
        "ribs and at the bottom of his neck dragging in each time, and at the end of every breath he makes a little "
        "'uh' sound. His nostrils are going in and out too. He won't take the bottle.",
        0.17,
        D.CALL_999,
    ),
    (
        "I'm a foster carer. Baby in my care is 4 months, she's had a chesty cough and a rattly wheeze since "
        "Sunday. Today she's only managed about a third of her normal bottles - she latches, sucks a few times then "
        "pulls off coughing and puffing. Her breathing's quicker than usual and you can see it's hard work for her. "
        "Social worker said to ring 111 first.",
        0.33,
        D.ED,
    ),
    (
        "my baby is 6wks she's got a cough n cold. just now she had a big coughing fit n her mouth n lips went dark "
        "purpley and it took ages for her to go pink again. she's still breathing dead fast. is that normal with a "
        "cold?? my mum says its just a cough",
        0.12,
        D.CALL_999,
    ),
    (
        "My 4 week old has had a cold for a couple of days. I've been sat watching him in the moses basket and "
        "twice now his breathing has just halted - nothing at all, no movement, for what felt like 15 or 20 seconds "
        "- then he gives a big gasp and carries on. After the second time his nose and mouth looked a bit "
        "bluish-grey. He's breathing now.",
        0.08,
        D.CALL_999,
    ),
    (
        "Hello. My baby girl 2 month. She born early, 33 week. Today she have cold. When she sleep I look and no "
        "breath, her chest no going up and down, long time, maybe 20 second. I touch her and she start again. This "
        "happen 3 time. Her colour little bit grey. Please what I do.",
        0.17,
        D.CALL_999,
    ),
    (
        "My son is 3 months old and there's RSV going round his daycare. He's been congested with a cough for 2 "
        "days. Today he's taking maybe half his usual formula, falls asleep after 2oz. I counted his breaths while "
        "he was asleep and got 64 in a minute. His nostrils flare with every breath. He's had 3 wet diapers today "
        "instead of his usual 6 or 7. Pediatrician's office is closed, should I wait til morning?",
        0.25,
        D.ED,
    ),
    (
        "HELP he was eating a grape i cut in half and now hes making no sound, mouth open, cant cry, ive done 5 "
        "back blows and turned him over and pushed on his chest, it hasnt come out, hes going purple. he is 8 "
        "months",
        0.67,
        D.CALL_999,
    ),
    (
        "childminder here - 10 month old grabbed the hot plates of a parent's hair straighteners left on the side "
        "in the hall at pick up. His palm and 3 fingers have blistered up. running them under cool water now. he's "
        "screaming. dad says just take him to the GP tomorrow?",
        0.83,
        D.ED,
    ),
    (
        "found one of the nappy bags over his face in the cot. he was bluey and not moving. i ripped it off n "
        "rubbed his back n he took a big breath n hes breathing now but hes just lying there all droopy, not "
        "crying, eyes half shut. he is 4 month. my gf is at work",
        0.33,
        D.CALL_999,
    ),
    (
        "My 10 month old bit into a washing liquid capsule that was in the laundry basket. There's blue gooey stuff "
        "all round her mouth and down her top, I've wiped it out. She's coughing and retching, dribbling foam, and "
        "her breathing has gone fast and wheezy with a rattle. She's crying but keeps gagging.",
        0.83,
        D.ED,
    ),
    (
        "My daughter 9 month. I think she eat the small round battery from kitchen scale, the cover is open. Now "
        "one hour she dribble very much, she not want milk and she cry when she swallow. She cough a little. We "
        "have no car.",
        0.75,
        D.ED,
    ),
    (
        "I came home from work and my boyfriend said she 'went funny' earlier when he was feeding her. She's 4 "
        "months. She's really dopey and won't rouse properly, her eyes keep flicking off to one side, she's been "
        "sick twice and won't feed. There's a small bruise on her cheek I've not seen before. He keeps saying she's "
        "just tired.",
        0.33,
        D.CALL_999,
    ),
    (
        "We gave him his first taste of peanut butter stirred into his porridge about 10 minutes ago. His lips and "
        "eyelids have puffed right up, he's got raised itchy welts all over his face and body, and now he's "
        "coughing and there's a whistle when he breathes in, and his cry sounds hoarse. He's 6 months.",
        0.5,
        D.CALL_999,
    ),
    (
        "first time having scrambled egg, 7 months. within 20 mins she was sick 3 times, came out in red raised "
        "patches on her face and neck, and now she's gone really pale and clammy and slumped against me, not "
        "interested in anything at all. she's breathing but very quiet.",
        0.58,
        D.CALL_999,
    ),
]

# Round 22, T-119: a fourth blind batch, children 1 to 12 told in still other words ("panting like a dog", "you can
# see her ribs every time she breathes in", "went into a sort of trance", "his sack is swollen"). Ten were a call
# back or below. A fall from the top bunk, then drowsy and muddled, is a 999 since T-120.
ONE_TO_TWELVE = [
    (
        "my 2yo has had a temp since yesterday, calpol not touching it. now his hands and feet are freezing cold "
        "but his body is roasting, his skin has gone a funny patchy colour on his legs and hes just lying on the "
        "sofa not interested in anything not even peppa. breathing quite fast too. only one wet nappy all day",
        2,
        D.ED,
    ),
    (
        "hi my little girl is 4, she's had a cough and high temperature for 3 days and tonight she's panting like a "
        "dog, you can see her ribs every time she breathes in and there's a hollow at the bottom of her throat "
        "going in and out. her nostrils are flaring. she doesnt want to talk she just lays there propped up on "
        "pillows. temp 40.1",
        4,
        D.ED,
    ),
    (
        "He's 14 month. Chesty cough and fever since the weekend. Now every breath out he makes this little 'uh' "
        "'uh' sound like he's pushing, and his tummy is heaving up and down. I counted his breaths and it was over "
        "60 in a minute. Wont take his bottle. He's gone really quiet, not himself at all.",
        1,
        D.ED,
    ),
    (
        "Childminder here. One of my mindees, age 3, has a nut allergy and I think she got hold of a cashew from "
        "another child's snack. I gave her auto-injector from her bag about 5 min ago but she's still coughing and "
        "coughing, her tongue looks fat, she's been sick, and now she's gone very sleepy and pale on me. What do I "
        "do",
        3,
        D.CALL_999,
    ),
    (
        "my boy is 19 months, had a temperature all day. Just now in his cot he went into a sort of trance, his "
        "arms and legs were shaking and his eyes went up, he didn't respond to me at all. Lasted about 3 minutes. "
        "Now he's breathing heavy and sleeping and I cant properly get him to come round. Hes never done this "
        "before",
        1,
        D.CALL_999,
    ),
    (
        "My 4 year old rolled off the top bunk onto the wooden floor, maybe 5 foot. She cried then went quiet. Now "
        "20 mins later she keeps nodding off on me mid sentence, when she does talk the words come out wrong and "
        "she doesn't know who her brother is. There's a bit of clear watery stuff coming out of one nostril and she "
        "hasnt got a cold.",
        4,
        D.CALL_999,
    ),
    (
        "My 6 yr old daughter started wetting the bed again a couple weeks ago and is always asking for juice and "
        "water. Tonight she threw up twice, her tummy hurts, she's breathing kind of fast and deep and she just "
        "seems really out of it, lying on the couch not answering me properly. My mom said smell her breath and it "
        "smells fruity??",
        6,
        D.ED,
    ),
    (
        "He's 15 months. Every 15-20 mins he screams and pulls his knees up to his chest like something's stabbing "
        "him, then in between he goes pale and sleepy and zones out. He's thrown up 3 times, the last one was a "
        "dark green colour, and his last diaper had poop in it that looked like red jelly.",
        1,
        D.ED,
    ),
    (
        "My 7 year old said his tummy hurt at bedtime, low down. I just went in and he's curled up, and when I "
        "asked where exactly he pointed down below - one side of his sack is swollen and dark red and he won't let "
        "me touch it. Didn't bang it on anything.",
        7,
        D.ED,
    ),
    (
        "My daughter (9) was hit in the eye by a stick her friend was swinging. She says everything is blurry and "
        "dark in that eye, and there's a line of blood sitting at the bottom of the coloured bit. It's watering "
        "like mad and she can't stand the light on that side.",
        9,
        D.ED,
    ),
]

# Round 22, T-122: a fifth blind batch, children's emergencies typed by parents whose first language is not English,
# as panicked short texts or through voice-to-text. 7 were a call back or below and 2 an A&E the advice makes a 999.
TYPED_IN_A_HURRY = [
    (
        "My daughter 20 months bite the capsule of washing machine liquid, she have blue liquid in mouth and she "
        "vomit two times and now she coughing a lot. I wash her mouth with water. What can I do?",
        1.7,
        D.ED,
    ),
    (
        "2yo ate loads of my pregnancy iron tablets now being sick pls help",
        2,
        D.ED,
    ),
    (
        "baby fell off sofa hit head now arms jerking wont stop",
        0.7,
        D.CALL_999,
    ),
    (
        "my baby pulled a cup of tea off the table all down his chest and arm the skin is peeling and blistering "
        "it's bigger than my hand i've got it under the cold top now",
        1.1,
        D.ED,
    ),
    (
        "My daughter 2 year old step in bath but water too hot, both feet and legs until knee is very red and have "
        "water bubble on skin. I put cold water 20 minutes. She still scream and not stop.",
        2,
        D.ED,
    ),
    (
        "3yo bit phone charger wire it sparked burn on lip n mouth",
        3,
        D.ED,
    ),
    (
        "My daughter 9 years, from 3 weeks she drink water too much and go toilet every time, also wet the bed "
        "again at night, she is more thin now. Today she vomit and have tummy pain and she breathing very fast and "
        "deep and very tired, not want to talk.",
        9,
        D.ED,
    ),
    (
        "8yo asthma blue inhaler 10 puffs not working cant talk lips going blue",
        8,
        D.CALL_999,
    ),
    (
        "Good evening, sorry for my English. My son have 6 years, since yesterday he have fever 39.8 and we give "
        "paracetamol and ibuprofen like the pharmacy say. He watched the TV this morning but not eat much. His "
        "grandmother is here from Portugal and she say is only a virus and make him a tea. Now this afternoon his "
        "legs hurt so much he can not stand, and his hands and feet is very cold but the body is hot, and the skin "
        "is with blotchy colour, purple and white. He is breathing fast and he say strange things. Tomorrow we have "
        "appointment in the GP at 10. Is ok to wait?",
        6,
        D.CALL_999,
    ),
]

# Over-fires (T-116), from a blind batch of 60 non-urgent children's reports: each rule named stayed silent.
NOT_EMERGENCIES = [
    (
        "teething i think - 8mo drooling loads, chewing everything, red cheek, temp 37.8 under the arm. still feeding",
        0.7,
        "stridor or drooling",
    ),
    (
        "my toddler's got a cold and a few blotchy pink spots on the tummy. i did the glass test and they disappear",
        2,
        "non-blanching rash",
    ),
    ("6yo overdosed on haribo at a party lol. bit of tummy ache, now fine and wants more", 6, "suicidal with a plan"),
    ("she had her one year jabs yesterday and she's a bit hot and grumpy, feeding fine", 1, "fever for 5 days or more"),
    ("my little boy is 7 months. he's had a temp since teatime but he's feeding well", 0.6, "fever for 5 days or more"),
    ("my breast pump tubing came off and i have been sick twice", 30, "possible diabetic ketoacidosis"),
]


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager.load(default_artifacts_dir())


@pytest.mark.parametrize(("text", "age", "floor"), [*TOLD_BY_PARENTS, *UNDER_ONE, *ONE_TO_TWELVE, *TYPED_IN_A_HURRY])
def test_an_emergency_told_in_a_parents_words_reaches_its_floor_with_a_red_flag(
    triager: Triager, text: str, age: float, floor: Disposition
) -> None:
    result = assess(triager, text, age)
    assert result.disposition.urgency >= floor.urgency, (result.disposition, result.red_flags)
    assert result.red_flags


@pytest.mark.parametrize(("text", "age", "rule"), NOT_EMERGENCIES)
def test_a_childs_everyday_complaint_with_an_alarming_word_does_not_fire_the_rule(
    text: str, age: float, rule: str
) -> None:
    assert rule not in flags(text, age)


@pytest.mark.parametrize(
    ("text", "age", "rule"),
    [
        ("he's drooling and can't swallow, his temperature is 39.5 and he's sitting forward", 5, "stridor or drooling"),
        ("i did the glass test and the spots didn't fade, she's got a temperature", 3, "non-blanching rash"),
        ("she's overdosed on her antidepressants", 16, "suicidal with a plan"),
        ("fever for 6 days and he's 2, still grumpy", 2, "fever for 5 days or more"),
    ],
)
def test_the_same_rules_still_fire_when_it_is_an_emergency(text: str, age: float, rule: str) -> None:
    assert rule in flags(text, age)


@pytest.mark.parametrize(
    ("text", "age", "floor"),
    [
        ("she's gone all floppy and she's burning up", 0.5, D.CALL_999),
        ("he's grunting with every breath and sucking in under his ribs", 0.2, D.CALL_999),
        ("he's gone all floppy and he's burning up", 2, D.ED),
    ],
)
def test_a_red_feature_in_a_baby_under_one_is_a_999_and_in_an_older_child_at_least_a_and_e(
    text: str, age: float, floor: Disposition
) -> None:
    """Round 22, T-117: NHS.uk's "call 999 if your baby" list; NICE NG9 1.3.1 (marked recession: 999)."""
    floors = [hit.floor for hit in rules.assess(parse_report({"text": text, "age": age}))]
    assert max(f.urgency for f in floors) == floor.urgency


@pytest.mark.parametrize(
    "text",
    [
        "my 4 month old goes completely floppy and heavy in my arms when she drifts off after her bottle, then wakes "
        "fine",
        "after his bath my 4 month old's legs went all blotchy and marbled, once i warmed him up it went away",
        "my 5 week old sounds a bit grunty when he's feeding, like his nose is blocked, and he takes the full feed",
    ],
)
def test_a_babys_everyday_look_of_a_red_feature_stays_an_a_and_e_not_a_999(text: str) -> None:
    """Round 22, T-118: said with what explains it (drifting off after a feed, a bath, a blocked nose), a red-feature
    word in a baby keeps the NG143 rule's A&E and is not raised to T-117's 999."""
    floors = [hit.floor for hit in rules.assess(parse_report({"text": text, "age": 0.3}))]
    assert max(f.urgency for f in floors) == D.ED.urgency


def test_sickle_cell_trait_with_a_cold_is_not_sickle_cell_disease() -> None:
    text = "my son has sickle cell trait, not the disease. he's got a cold and a temperature of 38.2"
    assert "sickle cell disease with a fever or pain not controlled" not in flags(text, 8)


@pytest.mark.parametrize(
    ("text", "floor"),
    [
        ("he banged his head on the door frame and now he keeps nodding off and his words come out wrong", D.CALL_999),
        ("she hit her head on the kerb and there's bruising behind her ear", D.CALL_999),
        ("he banged his head on the door frame and he's been sick twice", D.ED),
    ],
)
def test_a_head_injury_is_a_999_for_the_signs_nhs_uk_lists_for_one_and_an_a_and_e_for_the_rest(
    text: str, floor: Disposition
) -> None:
    """Round 22, T-120: NHS.uk head and brain injuries: 999 for difficulty staying awake, trouble speaking or
    understanding, clear fluid or bruising behind the ears; A&E for vomiting, a knock-out now woken, memory trouble."""
    floors = [hit.floor for hit in rules.assess(parse_report({"text": text, "age": 30}))]
    assert max(f.urgency for f in floors) == floor.urgency


@pytest.mark.parametrize(
    ("text", "floor"),
    [
        ("he makes a harsh rasping noise every breath in even sitting still, and his neck sucks in", D.CALL_999),
        ("stridor at rest and she's gone grey and drowsy", D.CALL_999),
        ("barking cough, a bit of noisy breathing when he cries, quiet at rest and playing", D.GP_OOH),
    ],
)
def test_stridor_with_recession_grey_or_drowsy_is_a_999(text: str, floor: Disposition) -> None:
    """Round 22, T-121: NICE CKS croup: severe croup (stridor at rest with recession, or grey, drowsy or agitated)
    needs emergency admission; the stridor phrase alone is an A&E."""
    hits = rules.assess(parse_report({"text": text, "age": 2}))
    assert any(h.floor is D.CALL_999 for h in hits) is (floor is D.CALL_999), hits


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        (
            "my friend break his leg playing football. the bone of leg below the knee is out of the skin, i can see it",
            True,
        ),
        ("the skin over the bone of his shin is grazed, not broken, he can walk", False),
    ],
)
def test_a_bone_out_of_the_skin_is_a_bone_through_the_skin(text: str, hit: bool) -> None:
    """Round 22, T-123: a blind batch of adults' emergencies typed in a second language, in a hurry or through
    voice-to-text; one of 40 was a call back: a bone "out of the skin"."""
    assert ("bone through the skin" in flags(text, 27)) is hit
