# Reference values for planning.spec.ts (scipy): power and sample size for the fixed z-test and the
# sequential boundary c(N) = sqrt(2(N rho^2+1)/(N rho^2) ln(sqrt(N rho^2+1)/alpha')).
import json, math
from scipy import stats
def rho(a, tN): return math.sqrt((-2*math.log(a)+math.log(-2*math.log(a)+1))/tN)
def cseq(N, a, a2, tN): g=N*rho(a,tN)**2; return math.sqrt(2*(g+1)/g*math.log(math.sqrt(g+1)/a2))
def power(c, d, n, v): se=math.sqrt(v/n); return stats.norm.cdf((abs(d)-c*se)/se)+stats.norm.cdf((-abs(d)-c*se)/se)
def nfor(cfun, d, v, target):
    n=2
    while power(cfun(n), d, n, v) < target: n+=1
    return n
out={}
z=stats.norm.isf(0.025)
out['fixedMeans']=nfor(lambda n: z, 1.0, 20.0, 0.8)
out['sequentialMeansDefaultTuning']=nfor(lambda n: cseq(2*n,0.05,0.05,2*n), 1.0, 20.0, 0.8)
out['sequentialMeansTuning5000']=nfor(lambda n: cseq(2*n,0.05,0.05,5000), 1.0, 20.0, 0.8)
z3=stats.norm.isf(0.05/3/2)
out['fixedMeansHolm3']=nfor(lambda n: z3, 1.0, 20.0, 0.8)
out['sequentialMeansHolm3']=nfor(lambda n: cseq(2*n,0.05,0.05/3,2*n), 1.0, 20.0, 0.8)
out['sequentialInflationDefault']=cseq(100,0.05,0.05,100)/z
out['sequentialPowerAtFixedN']=power(cseq(2*out['fixedMeans'],0.05,0.05,2*out['fixedMeans']),1.0,out['fixedMeans'],20.0)
print(json.dumps(out, indent=1))
